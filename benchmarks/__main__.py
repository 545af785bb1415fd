"""``python -m benchmarks``: every workload on every available device (see benchmarks.suite)."""

from __future__ import annotations

import sys

from benchmarks.suite import main

sys.exit(main())
