"""Load Whoosh without the modules it imports but a search never uses.

``whoosh.compat`` (imported by every Whoosh module) runs ``from urllib.request import
urlretrieve``, which nothing in Whoosh calls, yet that line loads ``http.client``, ``email``
and ``ssl``; ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` (hundreds of regular
expressions compiled at import) for the ``Variations`` query, which Earmark never builds.
Together they were about a quarter of ``earmark search``'s start.

While Whoosh's core loads, each of those modules is a stand-in whose names (the ones Whoosh
takes, and any other, should another thread pick the stand-in up meanwhile) load the real
module when first used. The stand-ins leave ``sys.modules`` straight after, so every later
import gets the real module. tests/desktop/test_lean_whoosh.py holds both halves.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

DEFERRED = {"urllib.request": ("urlretrieve",), "whoosh.lang.morph_en": ("variations",)}


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:  # only names not set in _stand_in: forward them
        if name.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(module: str) -> types.ModuleType:
    if isinstance(sys.modules.get(module), _StandIn):
        del sys.modules[module]
    return importlib.import_module(module)


def _forward(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def _stand_in(module: str) -> _StandIn:
    stand_in = _StandIn(module, f"Stand-in for {module} while Whoosh loads (earmark.search._lean_whoosh).")
    for name in DEFERRED[module]:
        setattr(stand_in, name, _forward(module, name))
    return stand_in


def load() -> None:
    """Import Whoosh's core (once) without the modules in ``DEFERRED``."""
    if "whoosh.query" in sys.modules:
        return
    placed = {}
    for module in DEFERRED:
        if module not in sys.modules:
            placed[module] = sys.modules[module] = _stand_in(module)
    try:
        import whoosh.compat
        import whoosh.query  # noqa: F401
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


load()
