"""Allow ``python -m earmark``."""

from earmark.cli import main

raise SystemExit(main())
