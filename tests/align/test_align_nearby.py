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
