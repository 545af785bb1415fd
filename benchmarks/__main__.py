"""``python -m benchmarks``: the benchmark suite (for now, the overhead benchmark)."""

from __future__ import annotations

import sys

from benchmarks.overhead import main

sys.exit(main())
