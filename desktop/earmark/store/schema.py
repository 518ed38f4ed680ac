"""Numbered schema migrations. ``PRAGMA user_version`` says which have run.

Append a new entry to :data:`MIGRATIONS` to change the schema; never edit one
that has shipped. The file is backed up before any migration runs.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the whole first schema.
    """
    CREATE TABLE podcasts (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        feed_url TEXT UNIQUE,
        link TEXT,
        description TEXT NOT NULL DEFAULT '',
        image_url TEXT,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        refreshed_at TEXT
    );
    CREATE TABLE episodes (
        id INTEGER PRIMARY KEY,
        podcast_id INTEGER REFERENCES podcasts(id) ON DELETE SET NULL,
        guid TEXT,
        title TEXT NOT NULL,
        audio_path TEXT NOT NULL,
        audio_url TEXT,
        duration_ms INTEGER,
        published TEXT,
        notes TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        last_position_ms INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (podcast_id, guid)
    );
    CREATE TABLE transcripts (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL UNIQUE REFERENCES episodes(id) ON DELETE CASCADE,
        format TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('timed', 'untimed', 'notes')),
        source_path TEXT,
        aligned_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start_ms INTEGER,
        end_ms INTEGER,
        speaker TEXT,
        text TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'speech',
        paragraph INTEGER NOT NULL DEFAULT 0,
        confidence REAL,
        locked INTEGER NOT NULL DEFAULT 0,
        UNIQUE (transcript_id, position)
    );
    CREATE INDEX segments_by_start ON segments (transcript_id, start_ms);
    CREATE TABLE chapters (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        start_ms INTEGER
    );
    CREATE TABLE highlights (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        quote TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        colour TEXT NOT NULL DEFAULT 'yellow',
        orphan INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX highlights_by_episode ON highlights (episode_id, start_ms);
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE highlight_tags (
        highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (highlight_id, tag_id)
    );
    CREATE TABLE episode_tags (
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (episode_id, tag_id)
    );
    -- Changes the search index has not caught up with yet (replayed on start).
    CREATE TABLE search_outbox (
        id INTEGER PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 2: word times of a line, as JSON [[start_ms, end_ms, text], ...] (empty when unknown).
    """
    ALTER TABLE segments ADD COLUMN words TEXT NOT NULL DEFAULT '[]';
    """,
    # 3 (window): an episode marked played (1) or not (0), set from the window or the end of playback.
    """
    ALTER TABLE episodes ADD COLUMN played INTEGER NOT NULL DEFAULT 0;
    """,
    # 4 (feeds): polite refresh state and per-podcast settings, every feed item (the back catalogue),
    # where chapters came from.
    """
    ALTER TABLE podcasts ADD COLUMN etag TEXT;
    ALTER TABLE podcasts ADD COLUMN last_modified TEXT;
    ALTER TABLE podcasts ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE podcasts ADD COLUMN auto_download INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE podcasts ADD COLUMN language TEXT NOT NULL DEFAULT '';
    ALTER TABLE podcasts ADD COLUMN artwork_path TEXT;
    ALTER TABLE podcasts ADD COLUMN last_error TEXT;
    CREATE TABLE feed_items (
        id INTEGER PRIMARY KEY,
        podcast_id INTEGER NOT NULL REFERENCES podcasts(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        title TEXT NOT NULL,
        published TEXT,
        published_at REAL NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        number INTEGER,
        season INTEGER,
        audio_url TEXT,
        audio_type TEXT NOT NULL DEFAULT '',
        audio_size INTEGER,
        description TEXT NOT NULL DEFAULT '',
        notes_html TEXT NOT NULL DEFAULT '',
        link TEXT NOT NULL DEFAULT '',
        image_url TEXT,
        transcripts TEXT NOT NULL DEFAULT '[]',
        chapters_url TEXT,
        episode_id INTEGER REFERENCES episodes(id) ON DELETE SET NULL,
        transcript_status TEXT NOT NULL DEFAULT '',
        timing TEXT NOT NULL DEFAULT '',
        is_new INTEGER NOT NULL DEFAULT 1,
        reported INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        UNIQUE (podcast_id, guid)
    );
    CREATE INDEX feed_items_by_date ON feed_items (podcast_id, published_at DESC);
    CREATE INDEX feed_items_by_episode ON feed_items (episode_id);
    ALTER TABLE chapters ADD COLUMN source TEXT NOT NULL DEFAULT '';
    """,
    # 5 (scale, #19): the library list's order, newest first, without sorting every episode.
    """
    CREATE INDEX episodes_by_added ON episodes (added_at DESC, id DESC);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
