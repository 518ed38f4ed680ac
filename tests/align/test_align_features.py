"""Streaming features: the same numbers however the audio arrives, in bounded pieces."""

from __future__ import annotations

import numpy as np

from earmark.align.features import (
    FPS,
    RATE,
    FeatureBuffer,
    features_from_chunks,
    features_of,
    mean_and_std,
    window_normalised,
)

from .synthcase import READER, speak


def test_chunking_does_not_change_the_features():
    """30 s decoder chunks or 0.37 s pieces: every frame is the same, none lost at a seam."""
    speech = speak("The city council met on Tuesday to decide what to do about it.", *READER)
    whole = features_of(speech)
    piece = int(0.37 * RATE)
    streamed = features_from_chunks(
        [speech[i : i + piece] for i in range(0, len(speech), piece)], expected_frames=8
    )
    assert len(whole) == len(streamed) == len(speech) // (RATE // FPS)
    assert np.allclose(whole.cepstra, streamed.cepstra, atol=1e-3)
    assert np.allclose(whole.loudness, streamed.loudness, atol=1e-3)


def test_buffer_grows_past_its_first_guess_and_keeps_order():
    store = FeatureBuffer(frames=16)
    for k in range(10):
        store.append(np.full((7, 12), k, np.float32), np.full(7, k, np.float32))
    features = store.features()
    assert len(features) == 70
    assert features.loudness.tolist() == [k for k in range(10) for _ in range(7)]
    assert (features.cepstra[:, 0] == features.loudness).all()


def test_blockwise_mean_and_std_match_numpy():
    values = np.random.default_rng(3).normal(2.0, 3.0, (10_001, 12)).astype(np.float32)
    mean, std = mean_and_std(values, block=997)
    assert np.allclose(mean, values.mean(axis=0), atol=1e-4)
    assert np.allclose(std, values.std(axis=0), atol=1e-4)


def test_window_normalised_removes_a_channel_shift_measured_on_speech_frames():
    """A stretch whose speech is shifted by a constant (another microphone, another room) comes out
    the same as the unshifted one when the statistics are taken over its speech frames only."""
    speech = features_of(speak("The city council met on Tuesday to decide what to do about it.", *READER))
    voiced = speech.loudness > np.percentile(speech.loudness, 40)
    shifted = speech.cepstra.copy()
    shifted[voiced] += np.linspace(-3.0, 3.0, shifted.shape[1], dtype=np.float32)
    silence = np.zeros((200, shifted.shape[1]), np.float32)  # a long pause, unshifted, in one of them
    plain = window_normalised(speech.cepstra[voiced], np.ones(int(voiced.sum()), bool))
    padded = window_normalised(
        np.vstack([shifted[voiced], silence]), np.r_[np.ones(int(voiced.sum()), bool), np.zeros(200, bool)]
    )
    assert np.allclose(plain, padded[: len(plain)], atol=1e-4)
