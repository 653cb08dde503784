"""Sourced data and checks for the 2022 tit-for-tat diplomatic expulsions around Russia."""

from analysis.errors import DataFolderError, DataValidationError, Problem
from analysis.loaders import (
    DEFAULT_DATA_DIR,
    Dataset,
    load_claims,
    load_coverage,
    load_dataset,
    load_events,
    load_provenance,
    load_quotes,
    load_readings,
    load_reports,
    load_responses,
    load_sources,
    load_tallies,
)

__all__ = [
    "DEFAULT_DATA_DIR",
    "DataFolderError",
    "DataValidationError",
    "Dataset",
    "Problem",
    "load_claims",
    "load_coverage",
    "load_dataset",
    "load_events",
    "load_provenance",
    "load_quotes",
    "load_readings",
    "load_reports",
    "load_responses",
    "load_sources",
    "load_tallies",
]
