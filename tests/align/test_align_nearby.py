"""Each recogniser utterance is decoded with a language model of the text around it (align/nearby.py)."""

from __future__ import annotations

from earmark.align import nearby, words
from earmark.align.listener import Listener

from .synthcase import READER, SHORT_TEXT, speak


def test_an_utterance_gets_the_sentences_the_walk_put_around_it():
    """Sentences whose DTW start lies within the margin of the utterance are in its model, and a few more."""
    starts = [10.0 * k for k in range(100)]  # one sentence every 10 s, each read in 8 s
    near = nearby.sentences_near(starts, [8.0] * 100, 1000.0)
    lo, hi = near(400.0, 440.0)
    assert lo == 34 - nearby.EXTRA_SENTENCES and hi == 51 + nearby.EXTRA_SENTENCES
    assert lo <= 40 and hi > 44  # the sentences said in it


def test_where_the_walk_is_lost_the_utterance_gets_the_whole_text():
    """A walk that put minutes of text into seconds of audio (a real long reading) is not believed there."""
    starts = [10.0 * k for k in range(10)] + [100.0 + 0.1 * k for k in range(80)]  # 80 sentences in 8 s
    near = nearby.sentences_near(starts, [8.0] * 90, 1000.0)
    assert near(600.0, 640.0) == (0, 90)  # nothing placed there: the walk cannot say what was said
    assert near(100.0, 140.0) == (0, 90)  # 640 s of synthetic speech in 160 s of audio
    assert near(0.0, 40.0) == (0, 11 + nearby.EXTRA_SENTENCES)  # where it holds, it is believed


def test_word_ranges_follow_the_sentence_ranges():
    """The sentence range maps onto the recognisable words of those sentences."""
    owners = [0, 0, 1, 1, 1, 2, 3, 3]
    assert nearby.words_near(lambda t0, t1: (1, 3), owners)(0.0, 1.0) == (2, 6)


def test_a_worker_decodes_with_the_utterances_own_model(tmp_path):
    """With a model of one sentence the worker hears that sentence as the recogniser here does, then
    goes back to the episode's model; the model's file is gone once read."""
    sentences = [sentence for paragraph in SHORT_TEXT for sentence in paragraph]
    known, owners, *_ = words.text_words(sentences)
    model, dictionary = tmp_path / "all.arpa", tmp_path / "all.dict"
    words._write_language_model(known, str(model))
    words._write_dictionary(known, str(dictionary))
    local = tmp_path / "near.arpa"
    words._write_language_model([w for w, o in zip(known, owners, strict=True) if o == 3], str(local))
    pcm = words._pcm(speak(sentences[3], *READER))
    expected = Listener(str(model), str(dictionary)).words(5.0, pcm, str(local))
    with words._Workers(str(model), str(dictionary), tmp_path) as workers:
        first = workers.answer(workers.ask(5.0, pcm, str(local)))
        again = workers.answer(workers.ask(5.0, pcm))
    assert first == expected
    assert [w for w, _, _ in first][:4] == ["the", "city", "council", "met"]
    assert again  # the episode's model again
    assert not local.exists()


def test_a_local_model_hears_the_same_words_without_the_phone_loop_lookahead(tmp_path):
    """The local models' decoder (listener.LOCAL_SEARCH, cheaper) hears what the episode's settings
    would hear with the same model, word for word and frame for frame."""
    from pocketsphinx import Decoder

    from earmark.align import listener

    sentences = [sentence for paragraph in SHORT_TEXT for sentence in paragraph]
    known, owners, *_ = words.text_words(sentences)
    model, dictionary, local = tmp_path / "all.arpa", tmp_path / "all.dict", tmp_path / "near.arpa"
    words._write_language_model(known, str(model))
    words._write_dictionary(known, str(dictionary))
    words._write_language_model([w for w, o in zip(known, owners, strict=True) if 2 <= o <= 4], str(local))
    pcm = words._pcm(speak(" ".join(sentences[2:5]), *READER))
    plain = Decoder(
        samprate=listener.RATE, lm=None, dict=str(dictionary), loglevel="FATAL", **listener.SEARCH
    )
    plain.add_lm_file("near", str(local))
    plain.activate_search("near")
    plain.start_utt()
    plain.process_raw(pcm, full_utt=True)
    plain.end_utt()
    expected = [(s.word, s.start_frame, s.end_frame) for s in plain.seg() if s.word[0] not in "<["]
    heard = Listener(str(model), str(dictionary)).words(0.0, pcm, str(local))
    assert len(heard) >= 10
    assert [(w, round(a * 100), round(b * 100) - 1) for w, a, b in heard] == [
        (w.split("(", 1)[0], a, b) for w, a, b in expected
    ]


def test_the_recogniser_waits_for_the_walk_and_gets_what_the_finished_walk_gives():
    """While the walk goes, an utterance's text range comes once the sentences past its end plus the
    margin are placed, and equals the range over the finished walk."""
    import threading

    import numpy as np

    from earmark.core.progress import CancelToken

    fps, n = 100, 100
    starts = np.array([10 * fps * k for k in range(n)])  # frames: one sentence every 10 s
    placing = nearby.Placing([8.0] * n, 1000.0, fps, CancelToken())
    answer: list[tuple[int, int]] = []
    asked = threading.Thread(target=lambda: answer.append(placing.near(400.0, 440.0)))
    asked.start()
    placing.placed(40, starts)  # up to 390 s: not past 440 + 60 s yet
    asked.join(0.5)
    assert not answer
    placing.placed(51, starts)  # sentence 50 at 500 s: still not past it
    asked.join(0.5)
    assert not answer
    placing.placed(52, starts)  # 510 s
    asked.join(5.0)
    assert answer == [nearby.sentences_near(starts / fps, [8.0] * n, 1000.0)(400.0, 440.0)]


def test_a_cancelled_sync_stops_the_wait_for_the_walk():
    """A walk that fails (the sync is cancelled) does not leave the recogniser waiting forever."""
    import pytest

    from earmark.core.errors import Cancelled
    from earmark.core.progress import CancelToken

    cancel = CancelToken()
    placing = nearby.Placing([8.0] * 10, 100.0, 100, cancel)
    cancel.cancel()
    with pytest.raises(Cancelled):
        placing.near(0.0, 40.0)


def test_the_walk_reports_each_sentence_start_as_it_becomes_final():
    """Every prefix of starts the coarse walk hands on as it goes equals the finished walk's starts."""
    import numpy as np

    from earmark.align import coarse
    from earmark.core.progress import CancelToken

    rng = np.random.default_rng(3)
    text = rng.standard_normal((6000, 13)).astype(np.float32)  # 240 s of "speech" at the coarse rate
    audio = np.concatenate([rng.standard_normal((500, 13)), text, rng.standard_normal((300, 13))])
    audio = audio.astype(np.float32)
    pad = int(coarse.tts.PAD_SECONDS * 100)
    spans = [(pad + k * 1100, pad + k * 1100 + 1000) for k in range(20)]  # 20 sentences of 10 s (100 fps)
    seen: list[np.ndarray] = []
    found = coarse.coarse_starts(
        audio,
        text,
        spans,
        coarse.locked_pieces([None] * 20, len(audio)),
        CancelToken(),
        lambda fraction: None,
        placed=lambda k, starts: seen.append(starts[:k].copy()),
    )
    assert len(seen) >= 3 and len(seen[0]) < 20  # the walk's windows hand on text as they go
    assert all(np.array_equal(prefix, found.starts[: len(prefix)]) for prefix in seen)
    assert len(seen[-1]) == 20
