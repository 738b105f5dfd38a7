"""`python -m workbook.serve` (what the browser tests and benchmarks start)."""

import sys

from workbook.serve import main

sys.exit(main())
