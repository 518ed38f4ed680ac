"""The SQLite library: schema, migrations, transactions. SQLite is the source of truth."""

from earmark.store.database import Database, open_database

__all__ = ["Database", "open_database"]
