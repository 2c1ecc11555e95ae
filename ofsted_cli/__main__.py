"""`python -m ofsted_cli`: the same as `ofsted-qa`."""

import sys

from .main import main

sys.exit(main())
