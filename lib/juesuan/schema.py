"""Compatibility name for `juesuan.metadata`, where every table, column, code and term is
defined. Nothing is defined here: this module re-exports the metadata so that code written
against `juesuan.schema` (the ingest, the course, the explorer) keeps working.
"""

from juesuan.metadata import *
from juesuan.metadata import __all__  # noqa: F401
