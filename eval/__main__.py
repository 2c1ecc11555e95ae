"""`python -m eval ...` (and `ofsted-qa eval ...` through `main(argv)`)."""

from __future__ import annotations

import sys

from .run import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
