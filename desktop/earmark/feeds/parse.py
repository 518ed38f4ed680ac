"""RSS/Atom parsing: gPodder's podcastparser on a defusedxml SAX parser, plus Podcasting 2.0.

podcastparser already resolves relative URLs, reads ``media:content``, several
enclosures, missing GUIDs, ``itunes:duration``/``episode``/``season`` and dates,
and orders episodes by date. It keeps only one ``<podcast:transcript>`` per item,
so :class:`_Handler` collects every one itself (with type, language and rel).
defusedxml refuses entity expansion (billion laughs) and external entities.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.parse
import xml.sax
from dataclasses import dataclass, field
from typing import IO

import defusedxml
import defusedxml.expatreader
import nh3
import podcastparser

from earmark.core.errors import InputError

# Transcript types, best first: timed shapes before HTML and plain text.
TRANSCRIPT_TYPES = (
    "application/json",
    "text/vtt",
    "application/x-subrip",
    "application/srt",
    "text/srt",
    "text/html",
    "text/plain",
)
_NOTE_TAGS = {
    "a",
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "b",
    "strong",
    "i",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
}
# podcastparser knows the namespace only by its old GitHub address; real feeds use this one.
for _ns in ("https://podcastindex.org/namespace/1.0", "http://podcastindex.org/namespace/1.0"):
    podcastparser.Namespace.NAMESPACES.setdefault(_ns, "podcast")

_PLAIN_URL = re.compile(r"https?://[^\x00-\x20/?#\[\]\\][^\x00-\x20\[\]\\]*")


def join_url(base: str, url: str) -> str:
    """``urllib.parse.urljoin``, answering at once for the usual case: an absolute http(s) URL that
    urljoin would give back unchanged (ASCII, no empty ``?`` or ``#`` it would drop, nothing to strip).
    podcastparser joins every link of every item (25,000 calls in a 5,000-item feed)."""
    if url.isascii() and _PLAIN_URL.fullmatch(url) and not url.endswith(("?", "#")) and "?#" not in url:
        return url
    return urllib.parse.urljoin(base, url)


class _UrlParse:
    """``urllib.parse`` as podcastparser sees it (its module global ``urlparse``), with :func:`join_url`."""

    urljoin = staticmethod(join_url)

    def __getattr__(self, name: str):
        return getattr(urllib.parse, name)


podcastparser.urlparse = _UrlParse()


@dataclass(slots=True, frozen=True)
class TranscriptLink:
    url: str
    type: str = ""
    language: str = ""
    rel: str = ""


@dataclass(slots=True)
class FeedEpisode:
    guid: str  # the feed's GUID, or a stable key from the enclosure URL and title
    title: str
    audio_url: str | None
    audio_type: str = ""
    audio_size: int | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    published_at: float = 0.0  # seconds since the epoch (0: unknown), for ordering
    duration: float | None = None
    number: int | None = None
    season: int | None = None
    description: str = ""  # plain text
    notes_html: str = ""  # sanitised show notes, links kept
    link: str = ""
    image_url: str | None = None
    transcripts: list[TranscriptLink] = field(default_factory=list)
    chapters_url: str | None = None

    def transcript(self, language: str = "") -> TranscriptLink | None:
        """The best transcript: see :func:`choose_transcript`."""
        return choose_transcript(self.transcripts, language)


@dataclass(slots=True)
class ParsedFeed:
    title: str
    link: str | None
    description: str
    image_url: str | None
    language: str = ""
    episodes: list[FeedEpisode] = field(default_factory=list)  # newest first


def _language_ok(link: TranscriptLink, language: str) -> bool:
    if not link.language or not language:
        return True
    return link.language.split("-")[0].lower() == language.split("-")[0].lower()


def choose_transcript(links: list[TranscriptLink], language: str = "") -> TranscriptLink | None:
    """Timed types before HTML and plain; the feed's (or user's) language before others."""

    def rank(link: TranscriptLink) -> tuple[int, int, int]:
        kind = link.type.split(";")[0].strip().lower()
        order = TRANSCRIPT_TYPES.index(kind) if kind in TRANSCRIPT_TYPES else len(TRANSCRIPT_TYPES)
        return (0 if _language_ok(link, language) else 1, order, links.index(link))

    return min(links, key=rank) if links else None


class _Handler(podcastparser.PodcastHandler):
    """podcastparser's handler, also keeping every ``<podcast:transcript>`` and the Atom logo."""

    def __init__(self, url: str, max_episodes: int) -> None:
        super().__init__(url, max_episodes)
        self.podcast_fields: set[str] = set()
        self._namespaces: list[podcastparser.Namespace] = []
        self._paths: list[str] = []  # "/".join(path_stack) at each depth

    def set_podcast_attr(self, key, value):
        self.podcast_fields.add(key)
        super().set_podcast_attr(key, value)

    def startElement(self, name, attrs):
        # podcastparser's own startElement (0.6.11) with less work per element (a 5,000-item feed has
        # ~94,000): a Namespace only where an element declares one, each name mapped once per
        # Namespace, the path joined once per depth. Same names, same targets.
        parent = self.namespace
        if parent is None or (attrs and any(k == "xmlns" or k.startswith("xmlns:") for k in attrs)):
            namespace = podcastparser.Namespace(attrs, parent)
        else:
            namespace = parent
        self._namespaces.append(namespace)
        self.namespace = namespace
        mapped = namespace.__dict__.setdefault("_earmark_mapped", {})
        name = mapped.get(name) or mapped.setdefault(name, namespace.map(name))
        if not self.path_stack and name not in podcastparser.VALID_ROOTS:
            raise podcastparser.FeedParseError(
                msg=f"Unsupported feed type: {name}", exception=None, locator=self._locator
            )
        self.path_stack.append(name)
        joined = f"{self._paths[-1]}/{name}" if self._paths else name
        self._paths.append(joined)
        target = podcastparser.MAPPING.get(joined)
        if target is not None:
            target.start(self, attrs)
            if target.WANT_TEXT:
                self.text = []
        self._extra_start(joined, attrs)

    def _extra_start(self, joined: str, attrs) -> None:
        """Every ``<podcast:transcript>`` of an item, and the Atom feed's logo and link."""
        path = self.path_stack
        if path[-1] == "podcast:transcript" and len(path) >= 2 and self.episodes and path[-2] == "item":
            url = (attrs.get("url") or "").strip()
            if url:
                link = TranscriptLink(
                    join_url(self.base, url),
                    attrs.get("type", ""),
                    attrs.get("language", ""),
                    attrs.get("rel", ""),
                )
                self.episodes[-1].setdefault("_transcripts", []).append(link)
        elif joined == "atom:feed/atom:logo":
            self.text = []
        elif (
            joined == "atom:feed/atom:link"
            and attrs.get("rel", "alternate") == "alternate"
            and attrs.get("href")
            and "link" not in self.data
        ):
            self.data["link"] = join_url(self.base, attrs["href"].strip())

    def endElement(self, name):
        joined = self._paths.pop()
        if joined == "atom:feed/atom:logo" and self.text is not None:
            self.data.setdefault("cover_url", join_url(self.base, "".join(self.text).strip()))
            self.text = None
        target = podcastparser.MAPPING.get(joined)
        if target is not None:
            content = "".join(self.text) if self.text is not None else ""
            target.end(self, content)
            self.text = None
        self._namespaces.pop()
        self.namespace = self._namespaces[-1] if self._namespaces else None
        self.path_stack.pop()


class _Reader(defusedxml.expatreader.DefusedExpatParser):
    """defusedxml's SAX reader (entity declarations and external entities refused), with expat's
    element and text callbacks going straight to the handler: attributes as expat's own dict (the
    handler only reads them), text in large pieces. xml.sax's per-element wrapper was a fifth of a
    big feed's parse."""

    def reset(self) -> None:
        super().reset()
        parser, handler = self._parser, self._cont_handler
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.StartElementHandler = handler.startElement
        parser.EndElementHandler = handler.endElement
        parser.CharacterDataHandler = handler.characters


def _parse_safely(stream: IO[bytes], handler: _Handler) -> None:
    """Like ``defusedxml.sax.parse`` (DTDs allowed, entities and external references refused)."""
    reader = _Reader()
    reader.setContentHandler(handler)
    reader.forbid_dtd, reader.forbid_entities, reader.forbid_external = False, True, True
    reader.parse(stream)


def _iso_date(stamp: float) -> str | None:
    return time.strftime("%Y-%m-%d", time.gmtime(stamp)) if stamp else None


def _audio(enclosures: list[dict]) -> dict | None:
    audio = [e for e in enclosures if str(e.get("mime_type", "")).startswith("audio")]
    usable = audio or [e for e in enclosures if not str(e.get("mime_type", "")).startswith("image")]
    return usable[0] if usable else None


def _key(url: str | None, title: str) -> str:
    return "earmark:" + hashlib.sha1(f"{url}\n{title}".encode()).hexdigest()[:20]


def sanitise_notes(html: str) -> str:
    """Show notes HTML with only text markup and ``http(s)`` links left (nh3, the Ammonia sanitiser)."""
    if not html:
        return ""
    return nh3.clean(html, tags=_NOTE_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https"})


def _episode(entry: dict, feed_image: str | None) -> FeedEpisode:
    audio = _audio(entry.get("enclosures", []))
    url = audio["url"] if audio else None
    size = audio.get("file_size", -1) if audio else -1
    published = float(entry.get("published") or 0)
    return FeedEpisode(
        guid=str(entry.get("guid") or "") or _key(url, entry.get("title", "")),
        title=entry.get("title") or (url or "").rsplit("/", 1)[-1] or "Untitled episode",
        audio_url=url,
        audio_type=audio.get("mime_type", "") if audio else "",
        audio_size=size if size and size > 0 else None,
        published=_iso_date(published),
        published_at=published,
        duration=float(entry["total_time"]) if entry.get("total_time") else None,
        number=entry.get("number"),
        season=entry.get("season"),
        description=entry.get("description", ""),
        notes_html=sanitise_notes(entry.get("description_html", "")),
        link=entry.get("link", ""),
        image_url=entry.get("episode_art_url") or feed_image,
        transcripts=entry.get("_transcripts", []),
        chapters_url=entry.get("chapters_json_url"),
    )


def parse_stream(stream: IO[bytes], source: str, base_url: str | None = None) -> ParsedFeed:
    """Parse a feed from a binary stream; raise :class:`InputError` (one line) when it is not one.

    ``base_url`` resolves relative links (the URL the feed was fetched from).
    """
    handler = _Handler(base_url or source, 0)
    try:
        _parse_safely(stream, handler)
    except defusedxml.DefusedXmlException as error:
        raise InputError(source, f"is refused: unsafe XML ({type(error).__name__})") from None
    except xml.sax.SAXParseException as error:
        raise InputError(source, f"is not an RSS or Atom feed ({error.getMessage()})") from None
    except (ValueError, UnicodeError) as error:
        raise InputError(source, f"is not an RSS or Atom feed ({error})") from None
    data = handler.data
    image = data.get("cover_url")
    episodes = [_episode(entry, image) for entry in data.get("episodes", [])]
    _unique_keys(episodes)
    episodes.sort(key=lambda e: e.published_at, reverse=True)
    if not episodes and not handler.podcast_fields & {"title", "link", "description"}:
        raise InputError(source, "is not a podcast feed (no title and no episodes)")
    return ParsedFeed(
        title=data.get("title") or source,
        link=data.get("link"),
        description=data.get("description", ""),
        image_url=image,
        language=data.get("language", "") or "",
        episodes=episodes,
    )


def _unique_keys(episodes: list[FeedEpisode]) -> None:
    """A GUID used twice: later items get a stable key from their enclosure URL and title."""
    seen: set[str] = set()
    for episode in episodes:
        if episode.guid in seen:
            episode.guid = _key(episode.audio_url, episode.title)
            suffix = 1
            while episode.guid in seen:
                suffix += 1
                episode.guid = _key(episode.audio_url, f"{episode.title}#{suffix}")
        seen.add(episode.guid)


def parse_feed(data: bytes, source: str, base_url: str | None = None) -> ParsedFeed:
    """Parse feed bytes (see :func:`parse_stream`)."""
    import io

    return parse_stream(io.BytesIO(data), source, base_url)
