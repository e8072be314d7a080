"""Compatibility name: the writers moved to `juesuan.io` (atomic writes, Parquet/CSV) and
`juesuan.metadata.dictionary` (data dictionary, datapackage.json).
"""

from juesuan.io import CSV_DIR, atomic_write, write_tables  # noqa: F401
from juesuan.metadata.dictionary import data_dictionary, datapackage, datapackage_json  # noqa: F401
