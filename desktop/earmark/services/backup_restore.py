"""A complete record of the library as JSON, and loading one back without losing or doubling anything.

The record (``export --all --format json``) holds every podcast (feed), episode (audio path and
URL, notes, tags, play position), transcript with its lines and word times, chapter, highlight
(with its note, tags and anchoring context) and tag, with every column the schema has. It
carries no time stamp of its own, so exporting the same library twice gives the same file.

:func:`restore` loads a record into any library in one transaction:
- a podcast is the same when its feed URL is; an episode when its podcast and guid are (else
  its audio path and the moment it was added); a highlight when its episode, times and quote are;
- what is new is inserted, keeping its id when that id is free;
- what is already there is merged: tags unioned, a note that differs appended (never dropped),
  a transcript or chapters added only where the library has none, a play position kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from earmark.core.errors import InputError
from earmark.core.progress import CancelToken, Progress, no_progress
from earmark.store import Database, outbox, records
from earmark.store import annotations as annotation_rows
from earmark.store.schema import SCHEMA_VERSION

RECORD_KEY = "earmark_backup"
RECORD_VERSION = 1
_JSON_COLUMNS = {"metadata", "words"}  # stored as JSON text; carried as JSON values


@dataclass
class RestoreReport:
    podcasts_added: int = 0
    episodes_added: int = 0
    episodes_merged: int = 0
    highlights_added: int = 0
    highlights_merged: int = 0

    def summary(self) -> str:
        return (
            f"{self.episodes_added} episode(s) added, {self.episodes_merged} merged; "
            f"{self.highlights_added} highlight(s) added, {self.highlights_merged} merged; "
            f"{self.podcasts_added} podcast(s) added"
        )


def _decoded(row: dict[str, Any], drop: Iterable[str] = ()) -> dict[str, Any]:
    dropped = set(drop)
    out = {k: v for k, v in row.items() if k not in dropped} if dropped else dict(row)
    for key in _JSON_COLUMNS & out.keys():
        value = out[key]
        if isinstance(value, str):
            out[key] = [] if value == "[]" else {} if value == "{}" else json.loads(value or "null")
    return out


def _encoded(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in _JSON_COLUMNS & out.keys():
        if not isinstance(out[key], str) and out[key] is not None:
            out[key] = json.dumps(out[key], ensure_ascii=False)
    return out


def build_record(
    database: Database,
    episode_ids: list[int] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """The record of ``episode_ids`` (every episode when None), with the podcasts they belong to."""
    conn = database.conn
    cancel = cancel or CancelToken()
    episodes = records.select(conn, "episodes")
    if episode_ids is not None:
        wanted = set(episode_ids)
        episodes = [e for e in episodes if e["id"] in wanted]
    podcasts = records.select(conn, "podcasts")
    if episode_ids is not None:
        used = {e["podcast_id"] for e in episodes}
        podcasts = [p for p in podcasts if p["id"] in used]
    out = []
    for index, row in enumerate(episodes):
        cancel.check()
        progress(index / max(len(episodes), 1), row["title"])
        out.append(_episode_record(conn, row))
    progress(1.0, f"{len(out)} episode(s)")
    return {
        RECORD_KEY: RECORD_VERSION,
        "schema": SCHEMA_VERSION,
        "podcasts": podcasts,
        "tags": records.all_tag_names(conn),
        "episodes": out,
    }


def _episode_record(conn, row: dict[str, Any]) -> dict[str, Any]:
    episode = _decoded(row)
    episode["tags"] = records.tag_names(conn, "episode_tags", "episode_id", row["id"])
    transcripts = records.select(conn, "transcripts", "episode_id = ?", (row["id"],))
    episode["transcript"] = None
    if transcripts:
        transcript = _decoded(transcripts[0], drop=("episode_id",))
        transcript["segments"] = [
            _decoded(s, drop=("id", "transcript_id"))
            for s in records.select(
                conn, "segments", "transcript_id = ?", (transcripts[0]["id"],), "position"
            )
        ]
        episode["transcript"] = transcript
    episode["chapters"] = [
        _decoded(c, drop=("episode_id",))
        for c in records.select(conn, "chapters", "episode_id = ?", (row["id"],))
    ]
    episode["highlights"] = []
    for h in records.select(conn, "highlights", "episode_id = ?", (row["id"],)):
        highlight = _decoded(h, drop=("episode_id",))
        highlight["tags"] = records.tag_names(conn, "highlight_tags", "highlight_id", h["id"])
        episode["highlights"].append(highlight)
    return episode


def record_text(data: dict[str, Any]) -> str:
    """The record as JSON with one podcast, tag or episode per line (fast to write, easy to diff)."""

    def items(values: list) -> str:
        return ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in values)

    head = {k: v for k, v in data.items() if k not in ("podcasts", "tags", "episodes")}
    parts = [json.dumps(head, ensure_ascii=False)[:-1]]
    for key in ("podcasts", "tags", "episodes"):
        body = items(data.get(key, []))
        parts.append(f' "{key}": [' + (f"\n{body}\n ]" if body else "]"))
    return ",\n".join(parts) + "\n}\n"


def read_record(path: Path) -> dict[str, Any]:
    """Parse and check a record file completely before anything is written."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get(RECORD_KEY) is None:
        raise InputError(
            path, "is not an Earmark record (make one with `earmark export --all --format json`)"
        )
    if data[RECORD_KEY] != RECORD_VERSION:
        raise InputError(
            path, f"is a record of version {data[RECORD_KEY]}; this Earmark reads {RECORD_VERSION}"
        )
    try:
        for p in data.get("podcasts", []):
            _require(p, ("title",))
        for e in data["episodes"]:
            _require(e, ("title", "audio_path"))
            for h in e.get("highlights", []):
                _require(h, ("start_ms", "end_ms"))
            if e.get("transcript") is not None:
                _require(e["transcript"], ("format", "kind", "segments"))
                for s in e["transcript"]["segments"]:
                    _require(s, ("position", "text"))
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(path, f"is a damaged record ({error})") from None
    return data


def _require(item: Any, keys: tuple[str, ...]) -> None:
    if not isinstance(item, dict):
        raise ValueError(f"expected an object, found {type(item).__name__}")
    missing = [k for k in keys if k not in item]
    if missing:
        raise ValueError(f"an entry lacks {', '.join(missing)}")


def _merged_text(ours: str, theirs: str) -> str:
    """Both texts when they differ (nothing lost), else the one there is."""
    ours, theirs = ours or "", theirs or ""
    if not theirs.strip() or theirs.strip() in ours:
        return ours
    if not ours.strip() or ours.strip() in theirs:
        return theirs
    return ours.rstrip() + "\n\n" + theirs.strip()


def restore(
    database: Database, path: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> RestoreReport:
    """Load the record at ``path`` into the library (one transaction: all of it or none)."""
    data = read_record(path)
    cancel = cancel or CancelToken()
    report = RestoreReport()
    episodes = data["episodes"]
    with database.transaction() as conn:
        podcast_ids = {p.get("id"): _restore_podcast(conn, p, report) for p in data.get("podcasts", [])}
        for name in data.get("tags", []):
            annotation_rows.tag_id(conn, name)
        claimed: set[int] = set()  # library episodes already matched: two record entries never share one
        for index, episode in enumerate(episodes):
            cancel.check()
            progress(index / max(len(episodes), 1), episode["title"])
            claimed.add(_restore_episode(conn, episode, podcast_ids, claimed, report))
    progress(1.0, report.summary())
    return report


def _restore_podcast(conn, podcast: dict[str, Any], report: RestoreReport) -> int:
    if podcast.get("feed_url"):
        found = conn.execute("SELECT id FROM podcasts WHERE feed_url = ?", (podcast["feed_url"],)).fetchone()
    else:
        found = conn.execute(
            "SELECT id FROM podcasts WHERE feed_url IS NULL AND title = ?", (podcast["title"],)
        ).fetchone()
    if found:
        return int(found[0])
    report.podcasts_added += 1
    return records.insert(conn, "podcasts", podcast)


def _find_episode(
    conn, episode: dict[str, Any], podcast_id: int | None, claimed: set[int]
) -> dict[str, Any] | None:
    """The library's copy of a record's episode: same feed item (podcast and guid), else the same
    audio file added at the same moment; among several, the same title, then the same id."""
    if episode.get("guid"):
        found = records.select(
            conn, "episodes", "guid = ? AND podcast_id IS ?", (episode["guid"], podcast_id)
        )
    else:
        found = records.select(
            conn, "episodes", "audio_path = ? AND added_at IS ? AND guid IS NULL",
            (episode["audio_path"], episode.get("added_at")),
        )  # fmt: skip
    found = [row for row in found if row["id"] not in claimed]
    if len(found) > 1:
        found = [row for row in found if row["title"] == episode["title"]] or found
        found = sorted(found, key=lambda row: row["id"] != episode.get("id"))
    return found[0] if found else None


def _restore_episode(
    conn, episode: dict[str, Any], podcast_ids: dict, claimed: set[int], report: RestoreReport
) -> int:
    podcast_id = podcast_ids.get(episode.get("podcast_id")) if episode.get("podcast_id") is not None else None
    row = _encoded(
        {k: v for k, v in episode.items() if k not in ("tags", "transcript", "chapters", "highlights")}
    )
    row["podcast_id"] = podcast_id
    existing = _find_episode(conn, episode, podcast_id, claimed)
    if existing is None:
        episode_id = records.insert(conn, "episodes", row)
        report.episodes_added += 1
        tags = episode.get("tags", [])
    else:
        episode_id = existing["id"]
        report.episodes_merged += 1
        changes = {"notes": _merged_text(existing["notes"], episode.get("notes", ""))}
        if not existing.get("last_position_ms") and episode.get("last_position_ms"):
            changes["last_position_ms"] = episode["last_position_ms"]
        records.update(conn, "episodes", episode_id, changes)
        tags = sorted(
            {*records.tag_names(conn, "episode_tags", "episode_id", episode_id), *episode.get("tags", [])},
            key=str.casefold,
        )
    annotation_rows.set_episode_tags(conn, episode_id, tags)
    has_transcript = conn.execute("SELECT 1 FROM transcripts WHERE episode_id = ?", (episode_id,)).fetchone()
    if episode.get("transcript") and not has_transcript:
        _restore_transcript(conn, episode_id, episode["transcript"])
    has_chapters = conn.execute("SELECT 1 FROM chapters WHERE episode_id = ?", (episode_id,)).fetchone()
    if not has_chapters:
        for chapter in episode.get("chapters", []):
            records.insert(conn, "chapters", {**chapter, "episode_id": episode_id})
    matched: set[int] = set()
    for highlight in episode.get("highlights", []):
        matched.add(_restore_highlight(conn, episode_id, highlight, matched, report))
    outbox.enqueue(conn, "episode", episode_id)
    return episode_id


def _restore_transcript(conn, episode_id: int, transcript: dict[str, Any]) -> None:
    row = {k: v for k, v in transcript.items() if k != "segments"}
    transcript_id = records.insert(conn, "transcripts", {**row, "episode_id": episode_id})
    records.insert_many(
        conn,
        "segments",
        [_encoded({**segment, "transcript_id": transcript_id}) for segment in transcript["segments"]],
    )


def _restore_highlight(
    conn, episode_id: int, highlight: dict[str, Any], matched: set[int], report: RestoreReport
) -> int:
    found = records.select(
        conn,
        "highlights",
        "episode_id = ? AND start_ms = ? AND end_ms = ? AND quote = ?",
        (episode_id, highlight["start_ms"], highlight["end_ms"], highlight.get("quote", "")),
    )
    found = [row for row in found if row["id"] not in matched]
    tags = highlight.get("tags", [])
    if found:
        highlight_id = found[0]["id"]
        note = _merged_text(found[0]["note"], highlight.get("note", ""))
        if note != found[0]["note"]:
            records.update(conn, "highlights", highlight_id, {"note": note})
        tags = sorted(
            {*records.tag_names(conn, "highlight_tags", "highlight_id", highlight_id), *tags},
            key=str.casefold,
        )
        report.highlights_merged += 1
    else:
        row = {k: v for k, v in highlight.items() if k != "tags"}
        highlight_id = records.insert(conn, "highlights", {**row, "episode_id": episode_id})
        report.highlights_added += 1
    annotation_rows.set_highlight_tags(conn, highlight_id, tags)
    outbox.enqueue(conn, "highlight", highlight_id)
    return highlight_id
