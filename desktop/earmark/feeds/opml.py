"""OPML subscription lists: read (defusedxml) and write."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from earmark.core.errors import InputError


@dataclass(slots=True, frozen=True)
class Outline:
    title: str
    feed_url: str


def read_opml(path: Path) -> list[Outline]:
    """Every ``<outline xmlUrl=…>`` in the file, nested folders included, each URL once."""
    try:
        root = SafeET.parse(path).getroot()
    except defusedxml.DefusedXmlException as error:
        raise InputError(path, f"is refused: unsafe XML ({type(error).__name__})") from None
    except (ET.ParseError, OSError) as error:
        raise InputError(path, f"is not an OPML file ({error})") from None
    if root.tag.lower() != "opml":
        raise InputError(path, f"is not an OPML file (its root is <{root.tag}>)")
    found: dict[str, Outline] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in found:
            found[url] = Outline(outline.get("title") or outline.get("text") or url, url)
    return list(found.values())


def write_opml(outlines: list[Outline], title: str = "Earmark subscriptions") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for o in outlines:
        ET.SubElement(body, "outline", type="rss", text=o.title, title=o.title, xmlUrl=o.feed_url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
