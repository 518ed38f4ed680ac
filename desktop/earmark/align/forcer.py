"""Forced alignment of known words in one window, and its worker: ``python -m earmark.align.forcer DICT``.

pocketsphinx holds the GIL, so the word-time pass (:mod:`earmark.align.forced`)
hands its windows to worker processes, one per core, as the recogniser does
(:mod:`earmark.align.listener`). A worker reads JSON lines ``{"path", "words",
"before", "after"}`` on stdin (PATH holds 16 kHz mono s16le PCM, deleted once read)
and answers each with one JSON line: ``[[index, start, end], ...]`` or ``null`` when
the search did not reach the end of the words. It imports only pocketsphinx (~36 MB).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .listener import RATE

# What the text leaves out, optional between any two words: "um" and "hmm" as words, and the acoustic
# model's own "speech that is no word" phone (+SPN+), which took a 0.6 s "um" that "um" alone (AH M)
# lost to "and" (AH N D). Single-phone fillers ("uh" AH, "ah", "er", "mm") are left out: between words
# they ate a word's first or last phone (word starts on the real cases, windows from the true starts,
# all fillers -> these: p90 918 -> 432 ms, p95 1358 -> 1057 ms, median 20 ms both; 12 -> 10 windows failed).
FILLERS = ("um", "hmm")
# filler word -> the acoustic model's filler phone (no transcript word has "_")
GARBAGE = {"sil_spn": "+SPN+"}
# Before a window's first word only, when asked (the rescue's one-sentence windows): up to LEAD_REPEAT
# fillers, the single-phone ones too (no word's phone to eat there). Opening on the noisy pause
# before an "um", the window's audio took two: "er" for the pause, "um" for the um; with one, "I"
# went onto the um's vowel and "hmm" onto its "m" (conversation seed 8: -810 -> -20 ms).
LEAD_FILLERS = ("er",)
LEAD_REPEAT = 2
FPS = 100  # pocketsphinx frames per second
# Default beams and live CMN: wider beams (1e-80) and batch CMN rescued no failed window on the noisy
# cold speaker and took about twice the time.
SEARCH: dict[str, object] = {}


class Aligner:
    """One pocketsphinx decoder with the transcript's words (and fillers) in its dictionary."""

    def __init__(self, dictionary: str) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(
            samprate=RATE, dict=dictionary, lm=None, loglevel="FATAL", bestpath=False, **SEARCH
        )
        self._grammars = 0
        self._aliases: set[str] = set()
        for word, phone in GARBAGE.items():
            self._decoder.add_word(word, phone, True)

    def _context(self, word: str) -> str:
        """A neighbour's word under another name, so it is never taken for one of ours."""
        alias = word + "_ctx"
        if alias not in self._aliases:
            self._decoder.add_word(alias, self._decoder.lookup_word(word), True)
            self._aliases.add(alias)
        return alias

    def align(
        self,
        pcm: bytes,
        words: list[str | list[list[str]]],
        before: list[str],
        after: list[str],
        lead: bool = False,
        own_cmn: bool = False,
        breaks: frozenset[int] = frozenset(),
        fillers: list[tuple[int, str, float, float]] | None = None,
    ) -> list[tuple[int, float, float]] | None:
        """(index into ``words``, start, end) for the words found, in seconds from the window's
        start; None when the search did not reach the end of the text. An item of ``words`` is a
        word or a number's readings, alternatives in the grammar (``( fifteen hundred | one
        thousand five hundred )``), timed from the first to the last word of the one said.

        The grammar absorbs what the text lacks: optional fillers between any two words, and
        optionally the neighbours' words at the edges (aliased, so never taken for ours); with
        ``lead``, up to LEAD_REPEAT fillers of FILLERS and LEAD_FILLERS before the first word, and
        as many before each word of ``breaks`` (a sentence's first, in a window of several);
        ``own_cmn``: the cepstral mean taken from this window's own audio first (:func:`_own_mean`);
        ``fillers``, when given, gets (index of the word after, name, start, end) for each segment
        the decoder placed that is none of our words (fillers, silence, the neighbours' words):
        a ``+SPN+`` abutting a first word may hold that word's first phone (:mod:`lead_filler`)."""
        if not words:
            return None
        before = [self._context(w) for w in before]
        after = [self._context(w) for w in after]
        prefix = "[" * len(before) + " ] ".join(before) + (" ]" if before else "")
        suffix = " ".join(f"[{w}" for w in after) + "]" * len(after)
        lead_in = " ".join(["[<l>]"] * LEAD_REPEAT) if lead else "[<f>]"
        body = " ".join(
            ("" if k == 0 else f"{' '.join(['[<l>]'] * LEAD_REPEAT) if k in breaks else '[<f>]'} ")
            + (w if isinstance(w, str) else "( " + " | ".join(" ".join(r) for r in w) + " )")
            for k, w in enumerate(words)
        )
        grammar = (
            f"#JSGF V1.0;\ngrammar g;\n<f> = {' | '.join([*FILLERS, *GARBAGE])};\n"
            f"<l> = {' | '.join([*FILLERS, *LEAD_FILLERS, *GARBAGE])};\n"
            f"public <s> = {prefix} {lead_in} {body} [<f>] {suffix};\n"
        )
        decoder = self._decoder
        self._grammars += 1
        name = f"g{self._grammars}"
        decoder.add_jsgf_string(name, grammar)
        decoder.activate_search(name)
        if own_cmn:
            _own_mean(decoder, pcm)
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        segments = list(decoder.seg()) if hyp is not None else []
        decoder.remove_search(name)
        if hyp is None or not segments:
            return None
        # The grammar's order: context before (aliased), our words with fillers between, context after.
        said = [(s.word.split("(", 1)[0], s.start_frame / FPS, (s.end_frame + 1) / FPS) for s in segments]
        out, k, i = [], 0, 0
        while k < len(words) and i < len(said):
            item = words[k]
            if isinstance(item, str):
                if said[i][0] == item:
                    out.append((k, said[i][1], said[i][2]))
                    k += 1
                elif fillers is not None:
                    fillers.append((k, *said[i]))
                i += 1
                continue
            taken = _reading_at(said, i, item)
            if taken is None:
                if fillers is not None:
                    fillers.append((k, *said[i]))
                i += 1
                continue
            first, last = taken
            out.append((k, said[first][1], said[last][2]))
            k, i = k + 1, last + 1
        if k < len(words):
            return None
        return out


def _own_mean(decoder: object, pcm: bytes) -> None:
    """The decoder's live cepstral mean set from ``pcm`` itself (its features only, no search).
    Live CMN starts from the model's default and then carries the last window's mean over, so a
    window's words depended on what was forced before it, or on nothing like it: the rescue's
    first window, a denoised copy (conversation seed 13, "Hopefully the recording levels are
    okay.": with the default mean, c1 3 where the window's is -9, "levels" was forced 2.3 s late,
    onto the next sentence; with its own, every word within 0.35 s)."""
    decoder.start_utt()  # type: ignore[attr-defined]
    decoder.process_raw(pcm, no_search=True, full_utt=True)  # type: ignore[attr-defined]
    decoder.end_utt()  # type: ignore[attr-defined]


def _noise(word: str) -> bool:
    """A filler, silence or a neighbour's word: what may come between the words of one reading."""
    return word.startswith(("<", "[", "+")) or word in FILLERS or word in GARBAGE or word.endswith("_ctx")


def _reading_at(
    said: list[tuple[str, float, float]], i: int, readings: list[list[str]]
) -> tuple[int, int] | None:
    """(first, last) index into ``said`` of the reading found from ``i`` on: its words in order
    with only fillers between (the earliest, then the longest)."""
    best: tuple[int, int, int] | None = None
    for reading in readings:
        p = i
        while p < len(said) and said[p][0] != reading[0]:
            p += 1
        first, q, n = p, p, 0
        while q < len(said) and n < len(reading):
            if said[q][0] == reading[n]:
                n += 1
            elif not _noise(said[q][0]):
                break
            q += 1
        if n == len(reading) and (best is None or (first, -len(reading)) < (best[0], -best[2])):
            best = (first, q - 1, len(reading))
    return None if best is None else (best[0], best[1])


def main() -> None:
    aligner = Aligner(sys.argv[1])
    for line in sys.stdin:
        job = json.loads(line)
        pcm = Path(job["path"]).read_bytes()
        Path(job["path"]).unlink()
        if job.get("fillers"):
            fillers: list[tuple[int, str, float, float]] = []
            found = aligner.align(pcm, job["words"], job["before"], job["after"], fillers=fillers)
            answer: object = {"found": found, "fillers": fillers}
        else:
            answer = aligner.align(pcm, job["words"], job["before"], job["after"])
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
