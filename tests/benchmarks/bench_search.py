"""Search at library scale: Whoosh (what Earmark uses) beside SQLite FTS5, on the same data in one run.

1,000 episodes × 200 sentences (200,000 segments) + 10,000 notes. Prints build times (FTS5;
Whoosh in one process; Whoosh with worker processes, as a rebuild runs; the `earmark reindex`
command), index size, query latency (median / p95 over 200 mixed
queries, top 20 with snippets), phrases of very common words, and the time from a note
committed to it being found.

Run:  /work/main/.venv/bin/python tests/benchmarks/bench_search.py [--scale 0.1] [--tune]
(--tune adds builds with other posting-buffer sizes; or through pytest:
pytest tests/benchmarks/bench_search.py -s). Not part of the default test run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
sys.path.insert(0, str(DESKTOP))

from earmark.app import build_services  # noqa: E402
from earmark.core.model import Segment, Transcript, TranscriptKind  # noqa: E402
from earmark.store import episodes as episode_rows  # noqa: E402
from earmark.store import outbox  # noqa: E402
from earmark.store import transcripts as transcript_rows  # noqa: E402

FALLBACK_TEXT = (
    "knowledge distillation teaches small student models from large teacher models while mixture of "
    "experts routes tokens to specialists and reinforcement learning from human feedback aligns chat "
    "assistants with what people want from open source weights benchmarks agents reasoning and compute"
)


def vocabulary(rng: random.Random) -> tuple[list[str], list[int]]:
    """Words and their counts from the sample texts (real English, real frequencies)."""
    text = " ".join(p.read_text(errors="ignore") for p in SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else ""
    counts = Counter(re.findall(r"[a-z][a-z']{1,}", (text or FALLBACK_TEXT).lower()))
    words = sorted(counts)
    return words, [counts[w] for w in words]


class Corpus:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words, weights = vocabulary(self.rng)
        self.cum = list(_accumulate(weights))

    def sentence(self, low: int = 6, high: int = 24) -> str:
        n = self.rng.randint(low, high)
        picked = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        return picked[0].capitalize() + " " + " ".join(picked[1:]) + "."

    def rare_word(self) -> str:
        return self.rng.choice(self.words)


def _accumulate(values):
    total = 0
    for v in values:
        total += v
        yield total


def build_library(folder: Path, corpus: Corpus, episodes: int, per_episode: int, notes: int):
    services = build_services(folder)
    db = services.database
    episode_ids = []
    for start in range(0, episodes, 50):
        with db.transaction() as conn:
            for i in range(start, min(episodes, start + 50)):
                sentences = [corpus.sentence() for _ in range(per_episode)]
                transcript = Transcript(
                    segments=[
                        Segment(text=t, start=j * 5.0, end=j * 5.0 + 4.8) for j, t in enumerate(sentences)
                    ],
                    format="srt",
                    kind=TranscriptKind.TIMED,
                )
                eid = episode_rows.insert_episode(
                    conn, title=f"Episode {i}: {corpus.sentence(2, 5)}", audio_path="/x.mp3", duration=1000.0
                )
                transcript_rows.replace_transcript(conn, eid, transcript, None)
                outbox.enqueue(conn, "episode", eid)
                episode_ids.append(eid)
    with db.transaction() as conn:
        for _ in range(notes):
            eid = corpus.rng.choice(episode_ids)
            start_ms = corpus.rng.randrange(0, per_episode) * 5000
            conn.execute(
                "INSERT INTO highlights (episode_id, start_ms, end_ms, quote, note) VALUES (?, ?, ?, ?, ?)",
                (eid, start_ms, start_ms + 4800, corpus.sentence(3, 10), corpus.sentence(4, 20)),
            )
    return services, episode_ids


def mixed_queries(corpus: Corpus, n: int = 200) -> list[str]:
    """Single words, pairs, phrases, prefixes, half-typed last words and typos, as people type them."""
    rng = corpus.rng
    queries = []
    for i in range(n):
        s = corpus.sentence(6, 12).rstrip(".").lower().split()
        kind = i % 10
        if kind in (0, 1, 2, 3):
            queries.append(rng.choice(s) if kind < 3 else corpus.rare_word())
        elif kind in (4, 5):
            queries.append(" ".join(rng.sample(s, 2)))
        elif kind == 6:
            at = rng.randrange(0, len(s) - 2)
            queries.append('"' + " ".join(s[at : at + 2]) + '"')
        elif kind == 7:
            word = max(s, key=len)
            queries.append(word[: max(3, len(word) - 2)] + "*")
        elif kind == 8:
            word = max(s, key=len)
            queries.append(f"{rng.choice(s)} {word[: max(3, len(word) // 2 + 1)]}")
        else:
            word = max(s, key=len)
            j = rng.randrange(1, len(word) - 1) if len(word) > 3 else 1
            queries.append(word[:j] + word[j + 1 :] + word[j : j + 1] if len(word) > 3 else word)
    return queries


def fts_query(text: str) -> str:
    """The same query for FTS5: words quoted, phrases kept, prefix stars kept, the last word a prefix."""
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]*"', " ", text)
    parts = [f'"{p}"' for p in phrases]
    words = re.findall(r"[A-Za-z0-9']+\*?", rest)
    for i, w in enumerate(words):
        star = w.endswith("*") or (i == len(words) - 1 and not text.endswith(" ") and len(w) >= 3)
        parts.append(f'"{w.rstrip("*")}"' + ("*" if star else ""))
    return " ".join(parts) or '""'


def build_fts(path: Path, source: Path) -> float:
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(text, note, kind UNINDEXED, ref UNINDEXED, "
        "tokenize='porter unicode61')"
    )
    conn.execute("ATTACH DATABASE ? AS lib", (str(source),))
    conn.execute(
        """INSERT INTO docs (text, note, kind, ref)
           SELECT s.text, '', 'transcript', s.id FROM lib.segments s"""
    )
    conn.execute(
        "INSERT INTO docs (text, note, kind, ref) SELECT '', h.quote, 'highlight', h.id FROM lib.highlights h"
    )
    conn.execute(
        "INSERT INTO docs (text, note, kind, ref) SELECT '', h.note, 'note', h.id FROM lib.highlights h"
    )
    conn.execute(
        "INSERT INTO docs (text, note, kind, ref) SELECT '', e.title, 'episode', e.id FROM lib.episodes e"
    )
    conn.commit()
    conn.execute("DETACH DATABASE lib")
    conn.close()
    return time.perf_counter() - started


def fts_search(conn: sqlite3.Connection, text: str) -> list:
    return conn.execute(
        """SELECT ref, kind, snippet(docs, -1, '<b>', '</b>', '…', 12) FROM docs WHERE docs MATCH ?
           ORDER BY bm25(docs, 1.0, 2.5) LIMIT 20""",
        (fts_query(text),),
    ).fetchall()


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def timed_build(search, workers: int, limitmb: int) -> tuple[float, int]:
    search.workers, search.parallel_from, search.index.limitmb = workers, 0, limitmb
    t = time.perf_counter()
    documents = search.reindex()
    return time.perf_counter() - t, documents


def reindex_command(folder: Path) -> float:
    """`earmark reindex` as a person runs it: a new process, start-up included."""
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "earmark", "--library", str(folder), "reindex"],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - t


def common_phrases(corpus: Corpus) -> list[str]:
    """Phrases of the most frequent words that are not stop words (every other line holds one)."""
    from earmark.search.documents import ANALYZER

    words, weights = vocabulary(corpus.rng)
    kept = [w for w, _ in sorted(zip(words, weights, strict=True), key=lambda x: -x[1]) if list(ANALYZER(w))]
    return [f'"{kept[0]} {kept[1]}"', f'"{kept[1]} {kept[0]}"', f'"{kept[0]} {kept[1]} {kept[2]}"']


def run(scale: float = 1.0, tune: bool = False) -> dict[str, dict[str, str]]:
    corpus = Corpus()
    episodes, notes = max(2, int(1000 * scale)), max(10, int(10_000 * scale))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        t = time.perf_counter()
        services, episode_ids = build_library(folder, corpus, episodes, 200, notes)
        print(
            f"library: {episodes} episodes × 200 sentences + {notes} notes in {time.perf_counter() - t:.1f} s"
        )
        search = services.search
        print(f"load average {os.getloadavg()[0]:.1f} (2 cores)")

        fts_path = Path(tmp) / "fts.sqlite3"
        fts_build = build_fts(fts_path, services.database.path)
        builds = {"one": timed_build(search, 1, 256)}
        if tune:
            for workers, limitmb in ((1, 64), (2, 64), (2, 128), (2, 512)):
                seconds, _ = timed_build(search, workers, limitmb)
                print(f"  build with {workers} process(es), limitmb={limitmb}: {seconds:.1f} s")
        builds["workers"] = timed_build(search, 2, 256)
        documents = builds["workers"][1]
        fts_again = build_fts(Path(tmp) / "fts2.sqlite3", services.database.path)
        services.close()
        command = reindex_command(folder)
        services = build_services(folder)
        search = services.search
        fts_ref = min(fts_build, fts_again)
        print(f"whoosh: {documents:,} documents; FTS5 builds {fts_build:.2f} / {fts_again:.2f} s")
        print(f"load average {os.getloadavg()[0]:.1f}")
        fts = sqlite3.connect(fts_path)

        queries = mixed_queries(corpus)
        for q in queries[:10]:  # warm both
            search.search(q)
            fts_search(fts, q)
        whoosh_ms = timed(lambda q: search.search(q, limit=20), queries)
        fts_ms = timed(lambda q: fts_search(fts, q), queries)
        found = sum(1 for q in queries if search.search(q, limit=1))
        phrases = common_phrases(corpus)
        phrase_ms = timed(lambda q: search.search(q, limit=20), phrases * 3)
        fts_phrase_ms = timed(lambda q: fts_search(fts, q), phrases * 3)
        print(f"common phrases: {phrases}")

        whoosh_new, fts_new = [], []
        for i in range(20):
            word = f"zyzzogeton{i}x"
            with services.database.transaction() as conn:
                hid = conn.execute(
                    "INSERT INTO highlights (episode_id, start_ms, end_ms, quote, note)"
                    " VALUES (?, 0, 1000, '', ?)",
                    (episode_ids[i], f"remember the {word} idea"),
                ).lastrowid
                outbox.enqueue(conn, "highlight", hid)
            t = time.perf_counter()
            while not search.search(word):
                pass
            whoosh_new.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            fts.execute("INSERT INTO docs (text, note, kind, ref) VALUES ('', ?, 'note', ?)", (word, hid))
            fts.commit()
            while not fts_search(fts, word):
                pass
            fts_new.append((time.perf_counter() - t) * 1000)

        def build(key: str) -> str:
            seconds = builds[key][0]
            return f"{seconds:.1f} s ({seconds / fts_ref:.1f}× FTS5)"

        table = {
            f"index build ({documents:,} documents), one process": {
                "whoosh": build("one"),
                "fts5": f"{fts_build:.1f} s",
            },
            "index build, 2 worker processes": {
                "whoosh": build("workers"),
                "fts5": f"{fts_again:.1f} s",
            },
            "`earmark reindex` command (start-up included)": {
                "whoosh": f"{command:.1f} s ({command / fts_ref:.1f}× FTS5)",
                "fts5": "",
            },
            "index size": {
                "whoosh": f"{search.index.size_bytes() / 1e6:.0f} MB",
                "fts5": f"{fts_path.stat().st_size / 1e6:.0f} MB",
            },
            "query median / p95 (200 mixed, top 20 + snippets)": {
                "whoosh": f"{statistics.median(whoosh_ms):.1f} / {p95(whoosh_ms):.1f} ms",
                "fts5": f"{statistics.median(fts_ms):.2f} / {p95(fts_ms):.2f} ms",
            },
            "phrase of very common words, median / max (3 phrases × 3)": {
                "whoosh": f"{statistics.median(phrase_ms):.1f} / {max(phrase_ms):.1f} ms",
                "fts5": f"{statistics.median(fts_phrase_ms):.1f} / {max(fts_phrase_ms):.1f} ms",
            },
            "note committed → found, median / max (20 notes)": {
                "whoosh": f"{statistics.median(whoosh_new):.0f} / {max(whoosh_new):.0f} ms",
                "fts5": f"{statistics.median(fts_new):.1f} / {max(fts_new):.1f} ms",
            },
        }
        print(f"queries with at least one Whoosh hit: {found} of {len(queries)}")
        print(f"load average {os.getloadavg()[0]:.1f}")
        print_table(table)
        fts.close()
        services.close()
        return table


def print_table(table: dict[str, dict[str, str]]) -> None:
    print("\n| | Whoosh 2.7.4 (Earmark) | SQLite FTS5 (porter) |\n|---|---|---|")
    for name, row in table.items():
        print(f"| {name} | {row['whoosh']} | {row['fts5']} |")


def test_bench_search():
    """Prints the comparison table (benchmarks are not run by default)."""
    run(float(__import__("os").environ.get("BENCH_SCALE", "1.0")))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--tune", action="store_true", help="also time other posting-buffer sizes")
    arguments = parser.parse_args()
    run(arguments.scale, arguments.tune)
