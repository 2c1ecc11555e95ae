"""File names as a terminal may show them: control characters escaped.

A corpus file named with a newline or an escape sequence (`ESC[2J` clears the screen)
would otherwise rewrite what the user sees; each such character prints as `\\xNN` or
`\\uNNNN` and everything else stays as it is.
"""

from __future__ import annotations

import unicodedata

_CONTROL = ("Cc", "Cf", "Cs", "Zl", "Zp")


def shown(text: object) -> str:
    """`text` with control, format, line-separator and lone-surrogate characters escaped."""
    out = []
    for ch in str(text):
        if ch != " " and unicodedata.category(ch) in _CONTROL:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
