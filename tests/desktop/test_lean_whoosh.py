"""Whoosh loads without urllib.request and morph_en, and both still work when asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def run_fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter (nothing imported yet) and return the JSON it prints."""
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_search_package_loads_neither_deferred_module():
    """Importing the search service leaves urllib.request and whoosh.lang.morph_en unloaded."""
    seen = run_fresh(
        "import json, sys, earmark.services.searching\n"
        "print(json.dumps({m: m in sys.modules for m in ('urllib.request', 'whoosh.lang.morph_en')}))"
    )
    assert seen == {"urllib.request": False, "whoosh.lang.morph_en": False}


def test_later_imports_get_the_real_modules():
    """After the search package loaded, `import urllib.request` is the real module (it can parse a
    request), and Whoosh's variations() gives morph_en's real word forms."""
    seen = run_fresh(
        "import json, earmark.search\n"
        "import urllib.request, whoosh.query.terms as terms\n"
        "real = urllib.request.Request('http://127.0.0.1:9/x').get_method()\n"
        "import whoosh.lang.morph_en as morph\n"
        "print(json.dumps({'method': real, 'module': type(urllib.request).__name__,\n"
        "  'forms': sorted(terms.variations('render')) == sorted(morph.variations('render')),\n"
        "  'some': 'rendered' in terms.variations('render')}))"
    )
    assert seen == {"method": "GET", "module": "module", "forms": True, "some": True}


def test_whoosh_compat_urlretrieve_fetches_for_real(tmp_path):
    """whoosh.compat.urlretrieve (the name Whoosh took from the stand-in) loads and runs the real
    urlretrieve: it copies a file:// URL."""
    source = tmp_path / "a.txt"
    source.write_text("hello")
    target = tmp_path / "b.txt"
    seen = run_fresh(
        "import json, earmark.search, whoosh.compat\n"
        f"whoosh.compat.urlretrieve({source.as_uri()!r}, {str(target)!r})\n"
        "print(json.dumps({'ok': True}))"
    )
    assert seen == {"ok": True}
    assert target.read_text() == "hello"
