"""Sanitised show notes HTML to the Markdown-ish text of episode notes (links kept as ``[text](url)``)."""

from __future__ import annotations

import warnings

_BLOCKS = ("p", "li", "blockquote", "ul", "ol", "div")


def notes_text(html: str, plain: str = "") -> str:
    """Text for the episode notes; ``plain`` when the feed gave no HTML."""
    if not html.strip():
        return plain.strip()
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString  # on use: ~0.1 s

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a"):
        href, label = str(link.get("href", "")), link.get_text(" ", strip=True)
        if href.startswith(("http://", "https://")):
            link.replace_with(NavigableString(f"[{label or href}]({href})"))
    for level in range(1, 5):
        for heading in soup.find_all(f"h{level}"):
            heading.insert_before(NavigableString("\n\n" + "#" * level + " "))
            heading.insert_after(NavigableString("\n\n"))
    for li in soup.find_all("li"):
        li.insert_before(NavigableString("\n- "))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in soup.find_all(_BLOCKS):
        block.insert_after(NavigableString("\n\n"))
    lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
