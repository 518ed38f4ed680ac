"""The bundled demo episode: imported once, then found again by its audio path."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the composition root builds services; this module only uses them
    from earmark.app import Services

# Package data (``earmark/resources/demo``), so an installed wheel has it too. pip always
# installs packages as plain folders, so this is a real path the player can open.
DEMO_DIR = Path(str(files("earmark") / "resources" / "demo"))
DEMO_AUDIO = "demo.opus"
DEMO_TRANSCRIPT = "demo.vtt"


def ensure_demo_episode(services: Services, folder: Path = DEMO_DIR) -> int:
    """The demo episode's id, importing it (audio + timed transcript) the first time."""
    audio = (folder / DEMO_AUDIO).resolve()
    for episode in services.library.episodes():
        if Path(episode.audio_path) == audio:
            return episode.id
    return services.importer.import_episode(audio, folder / DEMO_TRANSCRIPT)
