"""The recogniser itself, and its worker process: ``python -m earmark.align.listener MODEL DICT``.

A worker reads lines ``OFFSET PATH`` or ``OFFSET PATH<TAB>MODEL`` on stdin (PATH holds
16 kHz mono s16le PCM, MODEL an ARPA language model for that utterance alone; both are
deleted once read) and answers each with one JSON line of ``[word, start, end]``
(seconds in the episode). A plain interpreter running this module holds only pocketsphinx (~36 MB);
a multiprocessing worker would first re-import the app's main module (~130 MB more
each), and scripts calling the aligner would need a ``__main__`` guard.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RATE = 16000


# First pass only: without the fwdflat and bestpath passes it is 1.7x faster and anchored word
# times are unchanged (median 4 ms). Narrower beams than the defaults (1e-48, 7e-29, 1e-48):
# 98 minutes took 124 s instead of ~150 s, with 18 instead of 14 sentences > 200 ms off and
# the same worst one. topn=2 was faster still but lost sentences (one spoken marked unspoken).
SEARCH = {"fwdflat": False, "bestpath": False, "beam": 1e-35, "wbeam": 1e-20, "pbeam": 1e-35}


LOCAL, DEFAULT = "local", "_default"  # pocketsphinx search names: one utterance's model, the episode's


class Listener:
    """pocketsphinx with the transcript's own language model and dictionary (see SEARCH)."""

    def __init__(self, model: str, dictionary: str) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(samprate=RATE, lm=model, dict=dictionary, loglevel="FATAL", **SEARCH)

    def words(self, offset: float, pcm: bytes, model: str | None = None) -> list[tuple[str, float, float]]:
        """Words heard in one utterance, with start and end times in the episode (the end is
        kept so a sentence heard word for word needs no forced alignment: align/forced.py).
        ``model``: a language model of the text around this utterance only (align/words.py)."""
        decoder = self._decoder
        if model is not None:
            decoder.add_lm_file(LOCAL, model)
            decoder.activate_search(LOCAL)
        out = []
        try:
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            for segment in decoder.seg() or []:  # (None when nothing was heard)
                word = segment.word.split("(", 1)[0]
                if word and word[0] not in "<[":
                    start, end = (
                        offset + segment.start_frame / 100.0,
                        offset + (segment.end_frame + 1) / 100.0,
                    )
                    out.append((word, start, end))
        finally:
            if model is not None:  # (after reading the words: they belong to the search that heard them)
                decoder.activate_search(DEFAULT)
                decoder.remove_search(LOCAL)
        return out


def main() -> None:
    listener = Listener(sys.argv[1], sys.argv[2])
    for line in sys.stdin:
        offset, rest = line.rstrip("\n").split(" ", 1)
        path, _, model = rest.partition("\t")
        pcm = Path(path).read_bytes()
        Path(path).unlink()
        try:
            heard = listener.words(float(offset), pcm, model or None)
        finally:
            if model:
                Path(model).unlink()
        sys.stdout.write(json.dumps(heard) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
