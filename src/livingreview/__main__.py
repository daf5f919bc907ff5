"""``python -m livingreview``: the same as the ``livingreview`` command."""

import sys

from livingreview.cli.main import main

sys.exit(main())
