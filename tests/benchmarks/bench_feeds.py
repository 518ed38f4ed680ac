"""Feeds: subscribing to a 5,000-item feed with full show notes, and transcripts that survive inserted ads.

Default: a real-shaped feed (items cloned from the Libsyn feed in shared/peer_feeds, each with its full
show notes, itunes fields and a transcript link; ~21 MB) served on 127.0.0.1. Earmark's `subscribe`
(fetch streamed, parse, store every item) runs in a child process, beside feedparser alone parsing the
same bytes in another, each measured for time and peak memory. Aim: <= 3 s and <= 200 MB.

``--retime``: the fit check alone on real voices (shared/real_speech) with two inserted ads and
without, 7 minutes (WAV) and an hour (MP3 when ffmpeg is here), beside the whole download + check +
re-time; then subscribe and refresh with auto-download, no user action: the download with ads is
re-timed, the one that fits is left alone. Baseline in the same run: the aligner's own times (what
`earmark align` gave a timed transcript before). Aim: the check a few seconds for an hour; cue
starts median <= 50 ms, p95 <= 300 ms, max <= 1 s, every cue timed.

Run: /work/main/.venv/bin/python tests/benchmarks/bench_feeds.py [--retime]
"""

from __future__ import annotations

import json
import re
import shutil
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


def _encoded(wav: Path) -> Path:
    """The WAV as a 96 kb/s MP3 (what feeds serve; the check seeks in it), if ffmpeg is here."""
    if shutil.which("ffmpeg") is None:
        return wav
    mp3 = wav.with_suffix(".mp3")
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-b:a", "96k", str(mp3)], check=True
    )
    return mp3


def _check(audio: Path, cues) -> tuple[float, float, object]:
    """The fit check alone: wall and CPU seconds, and its verdict."""
    from earmark.align.fit import check_fit
    from earmark.core.model import Segment

    segments = [Segment(text, a, b) for a, b, text in cues]
    start, cpu = time.perf_counter(), time.process_time()
    fit = check_fit(audio, segments)
    return time.perf_counter() - start, time.process_time() - cpu, fit


def _feed_download(folder: Path, name: str, samples, cues) -> tuple[str, float, list]:
    """Subscribe to a one-episode feed, auto-download newest 1, refresh: (timing status, seconds, cues)."""
    from adcase import vtt, write_wav
    from feedkit import item, rss

    from conftest import Server
    from earmark.app import build_services

    www = folder / f"www-{name}"
    www.mkdir()
    server = Server(www)
    write_wav(www / "ep.wav", samples)
    (www / "ep.vtt").write_text(vtt(cues))
    feed = rss([item(name, f"{server.base}/ep.wav", name, transcript=f"{server.base}/ep.vtt")])
    (www / "feed.xml").write_text(feed)
    services = build_services(folder / f"library-{name}")
    start = time.perf_counter()
    podcast = services.subscriptions.subscribe(f"{server.base}/feed.xml")
    services.subscriptions.set_auto_download(podcast, 1)
    result = services.subscriptions.refresh(newest=0)
    seconds = time.perf_counter() - start
    status = services.subscriptions.catalogue(podcast)[0].timing
    segments = services.library.transcript(result.new_episodes[0]).segments
    services.close()
    server.close()
    return status, seconds, segments


def bench_retime() -> None:
    from adcase import LONG, make_case, write_wav

    from earmark.align import align_segments
    from earmark.core.model import Segment

    case = make_case(LONG, (5, 25))
    hour = make_case(LONG * 9, (5, 250))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, made in (("episode: real voices", case), ("hour: the same clips 9 times", hour)):
            ads = ", ".join(f"{a:.0f}-{b:.0f} s" for a, b in made.ads)
            minutes = len(made.download) / 16000 / 60
            print(f"{label}, {minutes:.1f} min, {len(made.cues)} cues, ads at {ads}")
        files = {
            "7 min, two ads": (write_wav(folder / "d.wav", case.download), case.cues, False),
            "7 min, fits": (write_wav(folder / "m.wav", case.master), case.cues, True),
            "1 hour, two ads": (_encoded(write_wav(folder / "hd.wav", hour.download)), hour.cues, False),
            "1 hour, fits": (_encoded(write_wav(folder / "hm.wav", hour.master)), hour.cues, True),
        }
        print("\nThe fit check alone (`align.fit.check_fit`)")
        print("| audio | verdict | right | wall | CPU | audio listened |")
        print("|---|---|---|---:|---:|---:|")
        for label, (audio, cues, fits) in files.items():
            wall, cpu, fit = _check(audio, cues)
            verdict = f"{'fits' if fit.fits else 'off'}: {fit.reason}"
            right = "yes" if fit.fits == fits else "NO"
            print(f"| {label} ({audio.suffix[1:]}) | {verdict} | {right} | {wall:.1f} s | {cpu:.1f} s |"
                  f" {fit.listened:.0f} s |")  # fmt: skip

        print("\nSubscribe, auto-download newest 1, refresh (no user action): check, and re-time if off")
        ads_status, ads_seconds, ours = _feed_download(folder, "ads", case.download, case.cues)
        fit_status, fit_seconds, kept = _feed_download(folder, "fits", case.master, case.cues)
        print("| download | status | whole download + check (+ re-time) |")
        print("|---|---|---:|")
        print(f"| two ads | {ads_status!r} | {ads_seconds:.1f} s |")
        print(f"| fits | {fit_status!r} | {fit_seconds:.1f} s |")
        moved = sum(abs(s.start - a) > 0.002 for s, (a, _, _) in zip(kept, case.cues, strict=True))
        print(f"cues moved on the download that fits: {moved}")

        start = time.perf_counter()
        plain = align_segments(folder / "d.wav", [Segment(text, a, b) for a, b, text in case.cues])
        aligner_seconds = time.perf_counter() - start
        print(f"\nCue starts against the truth (the aligner's own times: {aligner_seconds:.0f} s to align)")
        print("| method | median | p95 | max | untimed |")
        print("|---|---:|---:|---:|---:|")
        for label, segments in (("Earmark (check + re-time, shape kept)", ours),
                                ("aligner's own times (`earmark align` before)", plain)):  # fmt: skip
            median, p95, most, untimed = _errors(segments, case.truth)
            figures = " | ".join(f"{value * 1000:.0f} ms" for value in (median, p95, most))
            print(f"| {label} | {figures} | {untimed} |")


if __name__ == "__main__":
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    if "--retime" in sys.argv:
        bench_retime()
    else:
        bench_subscribe()
