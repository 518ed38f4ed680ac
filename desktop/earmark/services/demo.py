"""The bundled demo episode: imported once, then found again by its audio path."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the composition root builds services; this module only uses them
    from earmark.app import Services

DEMO_DIR = Path(__file__).resolve().parents[3] / "resources" / "demo"
DEMO_AUDIO = "demo.opus"
DEMO_TRANSCRIPT = "demo.vtt"


def ensure_demo_episode(services: Services, folder: Path = DEMO_DIR) -> int:
    """The demo episode's id, importing it (audio + timed transcript) the first time."""
    audio = (folder / DEMO_AUDIO).resolve()
    for episode in services.library.episodes():
        if Path(episode.audio_path) == audio:
            return episode.id
    return services.importer.import_episode(audio, folder / DEMO_TRANSCRIPT)
