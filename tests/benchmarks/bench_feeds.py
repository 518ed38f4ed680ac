"""Feeds: subscribing to a 5,000-item feed with full show notes, and transcripts that survive inserted ads.

Default: a real-shaped feed (items cloned from the Libsyn feed in shared/peer_feeds, each with its full
show notes, itunes fields and a transcript link; ~21 MB) served on 127.0.0.1. Earmark's `subscribe`
(fetch streamed, parse, store every item) runs in a child process, beside feedparser alone parsing the
same bytes in another, each measured for time and peak memory. Aim: <= 3 s and <= 200 MB.

``--retime``: an episode of real voices (shared/real_speech, 7 min, 52 cues) with two ads inserted,
subscribed and refreshed with auto-download; the feed's transcript is checked and re-timed with no
user action. Baseline in the same run: the aligner's own times (what `earmark align` gave before).
Aim: median <= 50 ms, p95 <= 300 ms, max <= 1 s, every cue timed.

Run: /work/main/.venv/bin/python tests/benchmarks/bench_feeds.py [--retime]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "tests" / "feeds"))
PEER = ROOT.parent / "shared" / "peer_feeds" / "podcast-feed-parser" / "bc-sample.xml"
ITEMS = 5000

CHILD = r"""
import json, sys, time
sys.path.insert(0, {desktop!r})
what, url, path, library = sys.argv[1:5]
start, cpu = time.perf_counter(), time.process_time()
if what == "earmark":
    from pathlib import Path
    from earmark.app import build_services
    services = build_services(Path(library))
    podcast = services.subscriptions.subscribe(url)
    count = services.subscriptions.podcast(podcast).episodes
    services.close()
else:
    import feedparser
    parsed = feedparser.parse(open(path, "rb").read())
    count = len(parsed.entries)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forked parent
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"seconds": seconds, "cpu": cpu, "items": count, "peak_mb": peak / 1024}}))
"""


def big_feed(path: Path) -> int:
    """ITEMS items cloned from the real Libsyn feed (notes, itunes fields), each unique, plus a transcript."""
    text = PEER.read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>", text, flags=re.S)
    head = text[: text.index("<item>")]
    out = [head]
    for n in range(ITEMS):
        body = items[n % len(items)]
        body = re.sub(
            r"<guid[^>]*>.*?</guid>", f'<guid isPermaLink="false">bench-{n}</guid>', body, flags=re.S
        )
        body = re.sub(r"<title>(.*?)</title>", rf"<title>\1 (part {n})</title>", body, count=1, flags=re.S)
        body = body.replace(
            "</item>",
            f'<podcast:transcript url="https://example.org/{n}.vtt" type="text/vtt"/></item>',
        )
        out.append(body)
    out.append("</channel></rss>")
    document = "".join(out).replace(
        "<rss ", '<rss xmlns:podcast="https://podcastindex.org/namespace/1.0" ', 1
    )
    path.write_text(document, encoding="utf-8")
    return path.stat().st_size


def child(what: str, url: str, path: Path, library: Path) -> dict:
    code = CHILD.format(desktop=str(ROOT / "desktop"))
    done = subprocess.run(
        [sys.executable, "-c", code, what, url, str(path), str(library)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_subscribe() -> None:
    from conftest import Server

    with tempfile.TemporaryDirectory() as folder:
        www = Path(folder) / "www"
        www.mkdir()
        size = big_feed(www / "big.xml")
        server = Server(www)
        url = f"{server.base}/big.xml"
        idle = child("feedparser", url, Path("/dev/null"), Path(folder))  # interpreter + import only
        rows = []
        for run in range(2):
            ours = child("earmark", url, www / "big.xml", Path(folder) / f"lib{run}")
            theirs = child("feedparser", url, www / "big.xml", Path(folder))
            rows.append((ours, theirs))
        server.close()
    print(
        f"feed: {ITEMS:,} items, {size / 2**20:.1f} MB; "
        f"a child importing feedparser only: {idle['peak_mb']:.0f} MB"
    )
    print("| run | Earmark subscribe (fetch, parse, store) | feedparser.parse alone |")
    print("|---|---:|---:|")
    for n, (ours, theirs) in enumerate(rows, 1):
        print(
            f"| {n} | {ours['seconds']:.2f} s ({ours['cpu']:.2f} s CPU), {ours['peak_mb']:.0f} MB peak, "
            f"{ours['items']} items | {theirs['seconds']:.2f} s ({theirs['cpu']:.2f} s CPU), "
            f"{theirs['peak_mb']:.0f} MB peak, {theirs['items']} items |"
        )


def _errors(segments, truth) -> tuple[float, float, float, int]:
    import numpy as np

    untimed = sum(s.start is None for s in segments)
    errors = np.array(
        [abs(s.start - t) if s.start is not None else 10.0 for s, t in zip(segments, truth, strict=True)]
    )
    return float(np.median(errors)), float(np.percentile(errors, 95)), float(errors.max()), untimed


def bench_retime() -> None:
    from adcase import LONG, make_case, vtt, write_wav
    from feedkit import item, rss

    from conftest import Server
    from earmark.app import build_services

    case = make_case(LONG, (5, 25))
    with tempfile.TemporaryDirectory() as folder:
        www = Path(folder) / "www"
        www.mkdir()
        server = Server(www)
        write_wav(www / "ep.wav", case.download)
        (www / "ep.vtt").write_text(vtt(case.cues))
        feed = rss([item("With ads", f"{server.base}/ep.wav", "a1", transcript=f"{server.base}/ep.vtt")])
        (www / "feed.xml").write_text(feed)
        services = build_services(Path(folder) / "library")
        start = time.perf_counter()
        podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
        services.subscriptions.set_auto_download(podcast, 1)
        result = services.subscriptions.refresh(newest=0)
        total = time.perf_counter() - start
        episode = result.new_episodes[0]
        status = services.subscriptions.catalogue(podcast)[0].timing
        ours = _errors(services.library.transcript(episode).segments, case.truth)
        check_start = time.perf_counter()
        from earmark.services.retiming import RetimeService

        fit = RetimeService(services.database, services.aligner).check(episode)
        check = time.perf_counter() - check_start
        baseline_id = services.importer.import_episode(www / "ep.wav", www / "ep.vtt", title="baseline")
        services.aligner.align_episode(baseline_id)
        baseline = _errors(services.library.transcript(baseline_id).segments, case.truth)
        services.close()
        server.close()
    length = len(case.download) / 16000
    print(f"episode: {length / 60:.1f} min of real voices, {len(case.cues)} cues, ads at "
          + ", ".join(f"{a:.0f}-{b:.0f} s" for a, b in case.ads))  # fmt: skip
    print(f"status after subscribe + refresh: {status!r}; whole download + check + re-time {total:.1f} s")
    print(f"the check alone, on the re-timed episode: {check:.1f} s ({fit.reason})")
    print("| method | median | p95 | max | untimed |")
    print("|---|---:|---:|---:|---:|")
    for name, (median, p95, most, untimed) in (("Earmark (check + re-time, shape kept)", ours),
                                               ("aligner alone (before)", baseline)):  # fmt: skip
        print(f"| {name} | {median * 1000:.0f} ms | {p95 * 1000:.0f} ms | {most * 1000:.0f} ms | {untimed} |")


if __name__ == "__main__":
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if "--retime" in sys.argv:
        bench_retime()
    else:
        bench_subscribe()
