"""Child process for the crash test: writes notes in a loop, reporting each one after its commit.

Usage: python crash_writer.py LIBRARY_DIR EPISODE_ID TAG
Prints ``ready`` once the library is open, then for every committed write a
line ``C <id> <note>`` (highlight created with that note) or ``U <id> <note>``
(its note changed), flushed. The parent kills it with SIGKILL at random.
"""

from __future__ import annotations

import sys
from pathlib import Path

from earmark.services.annotating import AnnotationService
from earmark.store import open_database


def main() -> None:
    folder, episode, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    service = AnnotationService(open_database(folder))
    print("ready", flush=True)
    count = 0
    while True:
        count += 1
        note = f"{tag}-{count} first thoughts"
        created = service.create_highlight(episode, count % 10, count % 10 + 1, note=note, tags=[tag])
        print(f"C {created.id} {note}", flush=True)
        note = f"{tag}-{count} second thoughts" + ", longer" * (count % 7)
        service.update_note(created.id, note)
        print(f"U {created.id} {note}", flush=True)


if __name__ == "__main__":
    main()
