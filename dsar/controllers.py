"""The directory's public names, kept here for callers that import `dsar.controllers`.

The code lives in the `dsar.directory` package; this module only re-exports it.
"""

from dsar.directory.checks import FACT_LABELS, contact_warnings, coverage
from dsar.directory.loading import Directory, load_directory, load_record
from dsar.directory.records import (
    ID_PATTERN,
    URL_PATTERN,
    Contacts,
    Controller,
    Fact,
    Kind,
    Nation,
    Regime,
    SourceAge,
)

__all__ = [
    "FACT_LABELS", "ID_PATTERN", "URL_PATTERN", "Contacts", "Controller", "Directory", "Fact",
    "Kind", "Nation", "Regime", "SourceAge", "contact_warnings", "coverage", "load_directory",
    "load_record",
]
