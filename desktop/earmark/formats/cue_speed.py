"""What the SRT and WebVTT short paths share: clock fields read by table, and a quick spacing test.

A 3-hour transcript has 6,000 cues; per cue, ``int()`` on eight clock fields and
``" ".join(text.split())`` on its text are a third of a reader's time. Both are
replaced by something cheaper that gives the same result: a dict lookup for each
clock field, and a C-level test that tells when a text needs no squeezing.
"""

from __future__ import annotations

TWO_DIGITS = {f"{n:02}": n for n in range(100)}
THREE_DIGITS = {f"{n:03}": n for n in range(1000)}


def is_squeezed(part: str) -> bool:
    """True when ``" ".join(part.split()) == part``: one line, no whitespace but lone inner spaces.

    Every whitespace character but the space is "nonprintable" (Unicode Cc, Zs, Zl, Zp), so one
    C-level test and three cheap ones replace building the split list.
    """
    return part.isprintable() and "  " not in part and part[:1] != " " and part[-1:] != " "


def squeeze(part: str) -> str:
    """``" ".join(part.split())``, sooner when the part needs nothing."""
    return part if is_squeezed(part) else " ".join(part.split())
