"""Use cases: the only API the GUI and the CLI call. Qt-free."""
