"""The product's settings with the benchmarks' floor page added (see floor.py).

Needs bench/ on the import path: the bench scripts run from it, and the server harness
passes it to gunicorn.
"""

from lpsa.settings import *  # noqa: F403

ROOT_URLCONF = "floor"
