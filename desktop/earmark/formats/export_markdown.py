"""Markdown notes for Obsidian, Logseq and Bear: front matter, then Earmark's marked block.

The text inside the block comes from two Jinja2 templates the user may change (one for the
episode, one for each highlight), rendered in a sandbox. Variables are Snipd's: ``title``,
``podcast``, ``date``, ``start``, ``end``, ``duration``, ``quote``, ``note``, ``tags``, ``link``,
``transcript_around`` (plus ``web_link``, ``audio``, ``episode_notes``, ``highlights``).

Re-exporting into an existing file replaces only Earmark's front-matter keys and the marked
block; whatever the user wrote around them (and their own front-matter keys) stays.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

from earmark.core.errors import InputError

BEGIN = "<!-- earmark:begin — Earmark rewrites this block on each export; write outside it -->"
END = "<!-- earmark:end -->"
_BEGIN_RE = re.compile(r"^<!-- earmark:begin\b.*?-->[ \t]*$", re.MULTILINE)
_END_RE = re.compile(r"^<!-- earmark:end -->[ \t]*$", re.MULTILINE)
ID_KEY = "earmark_episode"
OUR_KEYS = ("title", "podcast", "date", "duration", "tags", "audio", "episode_link", ID_KEY)

EPISODE_TEMPLATE = """\
# {{ title }}

{% if podcast %}**{{ podcast }}**{% if date %} · {{ date }}{% endif %} · {% endif %}[Open in Earmark]({{ link }}){% if web_link %} · [Listen on the web]({{ web_link }}){% endif %}

{% if episode_notes %}
## Notes

{{ episode_notes }}
{% endif %}

{% if highlights %}
## Highlights

{{ highlights }}
{% endif %}
"""  # noqa: E501

HIGHLIGHT_TEMPLATE = """\
### [{{ start }}]({{ link }}) – {{ end }}

{{ quote | blockquote }}

{% if note %}
{{ note }}
{% endif %}

{% if tags %}
{{ tags }}
{% endif %}

[▶ Play {{ start }}–{{ end }}]({{ link }}){% if web_link %} · [web]({{ web_link }}){% endif %}
"""


@dataclass
class HighlightFields:
    """One highlight's template variables, already formatted."""

    start: str
    end: str
    duration: str
    quote: str
    note: str
    tags: str  # "#a #b"
    link: str
    web_link: str = ""
    transcript_around: str = ""
    seconds: float = 0.0  # start in seconds, for sorting


@dataclass
class EpisodeFields:
    """One episode's template variables and front matter."""

    id: int
    title: str
    podcast: str
    date: str
    duration: str
    tags: list[str]
    audio: str  # web URL when known, else the local path
    link: str
    web_link: str = ""
    episode_notes: str = ""
    highlights: list[HighlightFields] = field(default_factory=list)


def hashtag(tag: str) -> str:
    """``deep work`` → ``#deep-work`` (Obsidian, Logseq and Bear tags have no spaces)."""
    return "#" + re.sub(r"[\s#,]+", "-", tag.strip()).strip("-")


def _blockquote(text: str) -> str:
    lines = (text or "…").splitlines() or ["…"]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["blockquote"] = _blockquote
    env.filters["hashtag"] = hashtag
    return env


_ENV = _environment()


def check_template(text: str, name: str = "template") -> None:
    """Refuse a template that does not parse, with a one-line reason."""
    try:
        _compiled(text)
    except TemplateError as error:
        raise InputError(name, f"template error: {error}") from None


@lru_cache(maxsize=16)
def _compiled(text: str):
    """Templates compiled once (compiling costs ~100 times a render)."""
    return _ENV.from_string(text)


def uses(text: str, variable: str) -> bool:
    """Whether a template mentions ``variable`` (so costly ones, like the transcript, load only when used)."""
    try:
        return variable in meta.find_undeclared_variables(_ENV.parse(text))
    except TemplateError:
        return True


def _render(text: str, variables: dict, name: str) -> str:
    try:
        return _compiled(text).render(**variables)
    except TemplateError as error:
        raise InputError(name, f"template error: {error}") from None


def _tidy(text: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_block(
    episode: EpisodeFields,
    episode_template: str = EPISODE_TEMPLATE,
    highlight_template: str = HIGHLIGHT_TEMPLATE,
) -> str:
    """The Markdown between Earmark's markers: the episode template around each highlight's."""
    shared = {"title": episode.title, "podcast": episode.podcast, "date": episode.date}
    parts = []
    for h in sorted(episode.highlights, key=lambda h: h.seconds):
        variables = {**shared, **{k: v for k, v in vars(h).items() if k != "seconds"}}
        parts.append(_render(highlight_template, variables, "highlight template").strip())
    variables = {
        **shared,
        "duration": episode.duration,
        "tags": " ".join(hashtag(t) for t in episode.tags),
        "audio": episode.audio,
        "link": episode.link,
        "web_link": episode.web_link,
        "episode_notes": episode.episode_notes.strip(),
        "highlights": "\n\n".join(parts),
    }
    return _tidy(_render(episode_template, variables, "episode template"))


def front_matter(episode: EpisodeFields) -> list[str]:
    """Earmark's YAML keys, one line each (strings JSON-quoted: valid YAML, any character)."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f"title: {q(episode.title)}"]
    if episode.podcast:
        lines.append(f"podcast: {q(episode.podcast)}")
    if episode.date:
        lines.append(f"date: {q(episode.date)}")
    if episode.duration:
        lines.append(f"duration: {q(episode.duration)}")
    lines.append("tags: [" + ", ".join(q(hashtag(t)[1:]) for t in episode.tags) + "]")
    lines.append(f"audio: {q(episode.audio)}")
    lines.append(f"episode_link: {q(episode.link)}")
    lines.append(f"{ID_KEY}: {episode.id}")
    return lines


def episode_note(
    episode: EpisodeFields,
    episode_template: str = EPISODE_TEMPLATE,
    highlight_template: str = HIGHLIGHT_TEMPLATE,
    existing: str | None = None,
) -> str:
    """The whole note file; with ``existing`` (the file's current text) the user's parts are kept."""
    block = f"{BEGIN}\n{render_block(episode, episode_template, highlight_template)}{END}\n"
    ours = front_matter(episode)
    if existing is None:
        return "---\n" + "\n".join(ours) + "\n---\n\n" + block
    theirs, body = split_front_matter(existing)
    kept = [line for key, entry in theirs for line in entry if key not in OUR_KEYS]
    begin, end = _BEGIN_RE.search(body), _END_RE.search(body)
    if begin and end and end.start() > begin.start():
        body = body[: begin.start()] + block.rstrip("\n") + body[end.end() :]
    else:  # markers removed by the user: their text stays whole, our block goes after it
        body = body.rstrip("\n") + ("\n\n" if body.strip() else "") + block
    return "---\n" + "\n".join(ours + kept) + "\n---\n" + ("" if body.startswith("\n") else "\n") + body


def split_front_matter(text: str) -> tuple[list[tuple[str, list[str]]], str]:
    """(top-level entries as (key, lines), the rest). Continuation lines stay with their key."""
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(\n|$)", text, re.DOTALL)
    if not match:
        return [], text
    entries: list[tuple[str, list[str]]] = []
    for line in (match.group(1) or "").splitlines():
        key = re.match(r"([^\s#:-][^:]*):(\s|$)", line)
        if key and not line[:1].isspace():
            entries.append((key.group(1).strip(), [line]))
        elif entries:
            entries[-1][1].append(line)
        else:
            entries.append(("", [line]))
    return entries, text[match.end() :]


def episode_id_of(text: str) -> int | None:
    """The episode id a note file's front matter names (how a vault re-export finds its file)."""
    for key, lines in split_front_matter(text)[0]:
        if key == ID_KEY:
            value = lines[0].split(":", 1)[1].strip().strip("\"'")
            return int(value) if value.isdigit() else None
    return None


def quote_snippet(quote: str, title: str, start: str, link: str, web_link: str = "") -> str:
    """What Ctrl+Shift+C puts on the clipboard: the quote, then where it is said, as links."""
    source = f"— {title}, [{start}]({link})" + (f" · [web]({web_link})" if web_link else "")
    return f"{_blockquote(quote)}\n>\n> {source}\n"
