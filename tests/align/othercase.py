"""Episodes in languages other than English with known truth (espeak-ng voices: a lab case).

There is no real recording in another language in ``../shared``, so these check that the
path other languages get (espeak-ng phones for pocketsphinx, :mod:`earmark.align.phonetic`)
works on text English does not have: espeak-ng reads the text in a voice and rate unlike
the aligner's own, with an ad read by another voice that is not in the text and one
paragraph that is never spoken.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from align.synthcase import RATE, Case, speak, write_wav
from earmark.core.model import Segment

TEXTS = {
    "de": (
        [
            [
                "Willkommen zurück zu unserer Sendung über Bücher und Menschen.",
                "Heute sprechen wir über eine Bibliothek, die Gartengeräte verleiht.",
                "Man kann dort eine Schaufel oder einen Rechen für eine Woche ausleihen.",
            ],
            [
                "Dieser Absatz steht in den Notizen, aber niemand liest ihn vor.",
                "Deshalb darf keine dieser Zeilen aufleuchten.",
            ],
            [
                "Die Bibliothekarin sagt, dass eine alte Schubkarre am beliebtesten ist.",
                "Im Winter gibt es außerdem Schlitten und warme Decken.",
                "Viele Familien kommen jeden Samstag mit ihren Kindern vorbei.",
            ],
            [
                "Zum Schluss noch ein kurzer Blick auf das Wetter am Wochenende.",
                "Am Samstag regnet es, und am Sonntag wird es kalt und klar.",
                "Danke fürs Zuhören, und bis nächste Woche.",
            ],
        ],
        "Diese Sendung wird Ihnen präsentiert von einer Firma für Matratzen. "
        "Schlafen Sie heute Nacht besser als je zuvor.",
    ),
    "es": (
        [
            [
                "Bienvenidos de nuevo a nuestro programa sobre libros y personas.",
                "Hoy hablamos de una biblioteca que presta herramientas de jardín.",
                "Allí se puede pedir una pala o un rastrillo durante una semana.",
            ],
            [
                "Este párrafo está en las notas, pero nadie lo lee en voz alta.",
                "Por eso ninguna de estas líneas debe iluminarse.",
            ],
            [
                "La bibliotecaria dice que lo más popular es una carretilla muy vieja.",
                "En invierno también hay trineos y mantas calientes.",
                "Muchas familias vienen cada sábado con sus hijos.",
            ],
            [
                "Para terminar, una mirada rápida al tiempo del fin de semana.",
                "El sábado va a llover, y el domingo será frío y despejado.",
                "Gracias por escuchar, y hasta la próxima semana.",
            ],
        ],
        "Este programa es posible gracias a una empresa de colchones. Duerma mejor esta noche que nunca.",
    ),
}
UNSPOKEN = 1  # the paragraph never read
AD_AFTER = 6  # the ad comes after this sentence (not where the skipped paragraph is: a known limit)


def make(folder: Path, language: str, seed: int = 1) -> Case:
    """An episode in ``language`` read by espeak-ng's +f3 voice at 150 wpm, the ad by +m2 at 190."""
    paragraphs, ad = TEXTS[language]
    rng = np.random.default_rng(seed)
    parts = [np.zeros(int(0.4 * RATE), np.float32)]
    clock = 0.4
    segments: list[Segment] = []
    truth: list[float | None] = []
    for p, paragraph in enumerate(paragraphs):
        for sentence in paragraph:
            segments.append(Segment(text=sentence, paragraph=p))
            if p == UNSPOKEN:
                truth.append(None)
                continue
            truth.append(clock)
            pieces = [speak(sentence, f"{language}+f3", 150)]
            pieces.append(np.zeros(int(rng.uniform(0.2, 1.0) * RATE), np.float32))
            if len(segments) - 1 == AD_AFTER:
                pieces += [speak(ad, f"{language}+m2", 190), np.zeros(int(0.8 * RATE), np.float32)]
            for piece in pieces:
                parts.append(piece)
                clock += len(piece) / RATE
    samples = np.concatenate(parts)
    samples = samples + rng.normal(0, 10 ** (-50 / 20), len(samples)).astype(np.float32)
    return Case(write_wav(folder / f"{language}-{seed}.wav", samples), segments, truth, len(samples) / RATE)
