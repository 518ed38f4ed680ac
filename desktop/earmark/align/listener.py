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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pocketsphinx import Decoder

RATE = 16000


# First pass only: without the fwdflat and bestpath passes it is 1.7x faster and anchored word
# times are unchanged (median 4 ms). Narrower beams than the defaults (1e-48, 7e-29, 1e-48):
# 98 minutes took 124 s instead of ~150 s, with 18 instead of 14 sentences > 200 ms off and
# the same worst one. topn=2 was faster still but lost sentences (one spoken marked unspoken).
SEARCH = {"fwdflat": False, "bestpath": False, "beam": 1e-35, "wbeam": 1e-20, "pbeam": 1e-35}


LOCAL = "local"  # pocketsphinx search name: one utterance's own model
# On top of SEARCH for utterances with a local model (align/nearby.py): no phone-loop lookahead. Its
# per-frame scoring of every context-independent phone prunes the whole transcript's words well, but a
# local model has few words to prune; without it the recogniser took 2-15% less CPU there and heard the
# same words but 0-4 of 50-100 in the real cases' local utterances (docs/README-align.md, speed).
# ds 2 (score every other frame) halved it but changed the words heard: a real conversation went 7
# sentences 1-4 s late.
LOCAL_SEARCH = {"pl_window": 0}


class Listener:
    """pocketsphinx with the transcript's own language model and dictionary (see SEARCH)."""

    def __init__(self, model: str, dictionary: str) -> None:
        self._model, self._dictionary = model, dictionary
        self._decoders: dict[bool, Decoder] = {}  # local model or not -> its decoder, made when first needed

    def _decoder_for(self, local: bool) -> Decoder:
        """The episode's decoder, or the one for local models (LOCAL_SEARCH): settings are fixed when
        a decoder is made, so each has its own (~10 MB, made in ~20 ms, only once asked for: a reading
        whose every utterance has a local model never loads the episode's model)."""
        if local not in self._decoders:
            from pocketsphinx import Decoder

            settings = {**SEARCH, **LOCAL_SEARCH} if local else SEARCH
            self._decoders[local] = Decoder(
                samprate=RATE,
                lm=None if local else self._model,
                dict=self._dictionary,
                loglevel="FATAL",
                **settings,
            )
        return self._decoders[local]

    def words(self, offset: float, pcm: bytes, model: str | None = None) -> list[tuple[str, float, float]]:
        """Words heard in one utterance, with start and end times in the episode (the end is
        kept so a sentence heard word for word needs no forced alignment: align/forced.py).
        ``model``: a language model of the text around this utterance only (align/words.py)."""
        decoder = self._decoder_for(model is not None)
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
