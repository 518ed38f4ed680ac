"""The real-speech cases one by one: every sentence's start error, for changing the aligner.

Run: /work/main/.venv/bin/python tests/benchmarks/bench_align_cases.py conv7,long15 [--label NAME]
     /work/main/.venv/bin/python tests/benchmarks/bench_align_cases.py --compare BASE OTHER
     /work/main/.venv/bin/python tests/benchmarks/bench_align_cases.py --table NAME

`bench_align.py` prints each case's figures beside the baselines; this prints, per case, whether the
aims hold (median <= 50 ms, p95 <= 200, max <= 500, every spoken sentence timed, every unspoken one
marked), the flags and word starts, then every spoken sentence more than 200 ms off. Cases are
``conv<seed>`` and ``long<seed>`` (tests/align/realcase.py). ``--label`` keeps each case's sentences as
JSON under ``$EARMARK_RESULTS`` (default /tmp/earmark-results/NAME/); ``--compare`` lists the cases two
labels disagree on and the spoken starts off by > 200, 500 and 1000 ms in each; ``--table`` prints a
label's cases as the README's per-seed table (Markdown).

Seeds up to TUNED_SEEDS have been looked at while changing the engine; later ones are held out, to
be run once a change is done (``--held-out`` lets them through). Environment:
- ``METHOD=Earmark|Phones`` (bench_align.METHODS); ``JOBS=n`` cases at once (default 1);
- ``ABLATE=module.FLAG,...`` switches those rule flags of ``earmark.align`` off (an ablation);
  ``ENABLE=module.FLAG,...`` switches flags that are off by default on (``engine.TURNS``);
- ``CACHE=DIR`` keeps the recogniser's verdict per case and method there and reuses it: valid only while
  nothing upstream of ``heard.listen`` changes (features, the coarse walk, nearby, listener, words, heard).
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT / "tests"), str(ROOT / "tests" / "benchmarks")]

# 1-36 tuned on; 37-40 held out by session 17, 41-44 by session 18 (run at their start and end only)
TUNED_SEEDS = 44
RESULTS = Path(os.environ.get("EARMARK_RESULTS", "/tmp/earmark-results"))


def parse(spec: str, held_out: bool) -> list[tuple[str, int]]:
    cases = []
    for item in spec.split(","):
        kind, seed = item[:4], int(item[4:])
        if kind not in ("conv", "long"):
            raise SystemExit(f"{item}: a case is conv<seed> or long<seed>")
        if seed > TUNED_SEEDS and not held_out:
            raise SystemExit(f"{item}: seeds over {TUNED_SEEDS} are held out (--held-out runs them)")
        cases.append((kind, seed))
    return cases


def _ablate(spec: str, value: bool = False) -> None:
    """Set the rule flags named in ``spec`` (``module.FLAG,...``) to ``value``."""
    for item in filter(None, spec.split(",")):
        module, flag = item.rsplit(".", 1)
        target = importlib.import_module(f"earmark.align.{module}")
        if not isinstance(getattr(target, flag, None), bool):
            raise SystemExit(f"{item}: no such rule flag")
        setattr(target, flag, value)


def _cached_listen(listen, path: Path):
    """heard.listen, its answer kept in ``path`` and read back from there."""

    def cached(*args, **kwargs):
        if path.exists():
            return pickle.loads(path.read_bytes())
        answer = listen(*args, **kwargs)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(answer))
        return answer

    return cached


def score(kind: str, seed: int) -> dict:
    """One case aligned by the method of $METHOD: its figures and every spoken sentence's error."""
    import bench_align

    import earmark.align.engine as engine
    import earmark.align.heard as heard
    from align import realcase

    method = os.environ.get("METHOD", "Earmark")
    _ablate(os.environ.get("ABLATE", ""))
    _ablate(os.environ.get("ENABLE", ""), True)
    compose = realcase.conversation if kind == "conv" else realcase.long_reading
    case = compose(Path(tempfile.mkdtemp(prefix="align-cases-")), seed)
    name = f"{kind}{seed}"
    if os.environ.get("CACHE"):
        # a pool worker scores several cases: wrap the recogniser itself, never the last case's wrapper
        # (which would hand this case the last one's cached answer)
        uncached = getattr(heard, "_uncached_listen", heard.listen)
        heard._uncached_listen = uncached
        heard.listen = _cached_listen(uncached, Path(os.environ["CACHE"]) / method / f"{name}.pkl")
    with bench_align.aligner(method):
        aligned = engine.align_segments(case.audio, case.segments)
    f = bench_align.figures(case, aligned)  # the benchmark's own scoring
    spoken = [(k, s, t) for k, (s, t) in enumerate(zip(aligned, case.truth, strict=True)) if t is not None]
    rows = [
        {
            "index": index,
            "error_ms": 10_000 if segment.start is None else round((segment.start - float(truth)) * 1000),
            "flagged": bool(flagged),
            "text": segment.text,
            "confidence": segment.confidence,
        }
        for (index, segment, truth), flagged in zip(spoken, f.flagged, strict=True)
    ]
    words = f.words if f.words is not None else np.zeros(1)
    return {
        "case": name,
        "median": float(np.median(f.errors)),
        "p95": float(np.percentile(f.errors, 95)),
        "max": float(f.errors.max()),
        "within_100": float(np.mean(f.errors <= 100)),
        "untimed": int(f.untimed),
        "marked": int(f.marked),
        "unspoken": int(f.unspoken),
        "flagged": int(sum(f.flagged)),
        "off": int(sum(f.off)),
        "caught": int(f.caught),
        "word_median": float(np.median(words)),
        "rows": rows,
    }


def holds(r: dict) -> bool:
    timed = r["untimed"] == 0 and r["marked"] == r["unspoken"]
    return r["median"] <= 50 and r["p95"] <= 200 and r["max"] <= 500 and timed


def flags_hold(r: dict) -> bool:
    """At most 15% of the spoken sentences flagged, at least 90% of the starts > 500 ms off caught."""
    return r["flagged"] <= 0.15 * len(r["rows"]) and r["caught"] >= 0.9 * r["off"]


def summary(r: dict) -> str:
    return (
        f"{r['case']:7s} {r['median']:.0f}/{r['p95']:.0f}/{r['max']:.0f} {'holds' if holds(r) else 'fails'} "
        f"≤100 ms {r['within_100']:.0%} untimed {r['untimed']} unspoken {r['marked']}/{r['unspoken']} "
        f"flagged {r['flagged']}/{len(r['rows'])} caught {r['caught']}/{r['off']} "
        f"words {r['word_median']:.0f}"
    )


def compare(base: str, other: str) -> None:
    """The cases whose sentences, flags or word median differ between two labels, and the totals."""
    held, flagged, same = [0, 0], [0, 0], []
    off = {limit: [0, 0] for limit in (200, 500, 1000)}
    for path in sorted((RESULTS / other).glob("*.json"), key=lambda p: (p.stem[:4], int(p.stem[4:]))):
        if not (RESULTS / base / path.name).exists():
            continue
        a, b = (json.loads((RESULTS / label / path.name).read_text()) for label in (base, other))
        for k, r in enumerate((a, b)):
            held[k] += holds(r)
            flagged[k] += flags_hold(r)
            for limit, counts in off.items():
                counts[k] += sum(abs(row["error_ms"]) > limit for row in r["rows"])
        moved = sum(x != y for x, y in zip(a["rows"], b["rows"], strict=True))
        if moved == 0 and a["word_median"] == b["word_median"]:
            same.append(path.stem)
        else:
            print(f"{summary(a)}\n  -> {summary(b)[8:]} ({moved} sentences differ)")
    print(f"unchanged: {' '.join(same) or 'none'}")
    print(f"aims hold on {held[0]} -> {held[1]} cases; flag aims on {flagged[0]} -> {flagged[1]}")
    print("spoken starts off by " + ", ".join(f"> {n} ms {a} -> {b}" for n, (a, b) in off.items()))


def _cell(r: dict) -> str:
    """One case as the README writes it: median/p95/max, a tick where the aims hold, what is untimed."""
    cell = f"{r['median']:.0f}/{r['p95']:.0f}/{r['max']:.0f}"
    if holds(r):
        return cell + " ✓"
    if r["untimed"]:
        cell += f", {r['untimed']} spoken untimed"
    if r["marked"] != r["unspoken"]:
        cell += f", {r['marked']}/{r['unspoken']} unspoken"
    return cell


def table(label: str) -> None:
    """The README's table: a row per two seeds, conversations and long readings side by side."""
    found = {p.stem: json.loads(p.read_text()) for p in (RESULTS / label).glob("*.json")}
    seeds = sorted({int(name[4:]) for name in found})
    print("| seeds | conversation | long reading |\n|---|---|---|")
    for pair in (seeds[k : k + 2] for k in range(0, len(seeds), 2)):
        held = " **held out**" if pair[0] > TUNED_SEEDS else ""
        cells = [
            " · ".join(_cell(found[f"{kind}{seed}"]) if f"{kind}{seed}" in found else "–" for seed in pair)
            for kind in ("conv", "long")
        ]
        print(f"|{held} {' / '.join(map(str, pair))} | {cells[0]} | {cells[1]} |")
    held = sum(holds(r) for r in found.values())
    flags = sum(flags_hold(r) for r in found.values())
    print(f"\naims hold on {held} of {len(found)} cases; flag aims on {flags}")


def main() -> None:
    args = sys.argv[1:]
    if not args or {"-h", "--help"} & set(args):
        print(__doc__)
        return
    if args[0] == "--compare":
        compare(args[1], args[2])
        return
    if args[0] == "--table":
        table(args[1])
        return
    from align import realcase

    if not realcase.available():
        print(f"(real-speech cases skipped: {realcase.REAL} is missing)")
        return
    label = args[args.index("--label") + 1] if "--label" in args else None
    cases = parse(args[0], "--held-out" in args)
    with ProcessPoolExecutor(max_workers=int(os.environ.get("JOBS", "1"))) as pool:
        for future in [pool.submit(score, kind, seed) for kind, seed in cases]:
            r = future.result()
            print(summary(r), flush=True)
            for row in r["rows"]:
                if abs(row["error_ms"]) > 200:
                    mark = "F" if row["flagged"] else " "
                    print(f"    #{row['index']:2d} {row['error_ms']:+6d} ms {mark} {row['text'][:60]}")
            if label:
                (RESULTS / label).mkdir(parents=True, exist_ok=True)
                (RESULTS / label / f"{r['case']}.json").write_text(json.dumps(r, indent=1))


if __name__ == "__main__":
    main()
