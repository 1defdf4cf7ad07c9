#!/usr/bin/env python3
"""Evidently's side of monitoring-service's agreement test and drift benchmark.

Reads reference.csv and current.csv (one column per feature) and columns.json
({"numerical": [...], "categorical": [...]}) from a directory, runs Evidently's column drift with its
defaults (legacy DataDriftTable: the get_one_column_drift engine that DataDriftPreset's ValueDrift
metrics also run), optionally PSI per column, and prints one JSON object: per column the test Evidently
chose (its registry name), score, threshold and flag; the share of drifted columns and dataset drift;
and how long loading and the report took.

    .venv-evidently/bin/python tools/evidently_drift.py DIR [--psi] [--preset]
"""
import argparse
import json
import sys
import time

import pandas as pd

import evidently
from evidently.legacy.calculations.stattests import registry
from evidently.legacy.metrics import DataDriftTable
from evidently.legacy.pipeline.column_mapping import ColumnMapping
from evidently.legacy.report import Report


def registry_names():
    names = {}
    for name, by_type in registry._registered_stat_tests.items():
        for test in by_type.values():
            names[test.display_name] = name
    return names


def drift_table(reference, current, columns, stattest=None):
    mapping = ColumnMapping(numerical_features=columns["numerical"], categorical_features=columns["categorical"],
                            target=None, prediction=None)
    report = Report(metrics=[DataDriftTable(stattest=stattest)])
    report.run(reference_data=reference, current_data=current, column_mapping=mapping)
    return report.as_dict()["metrics"][0]["result"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--psi", action="store_true", help="also run Evidently's psi test on every column")
    parser.add_argument("--preset", action="store_true", help="also time the DataDriftPreset (current API) on the same data")
    args = parser.parse_args()
    with open(f"{args.dir}/columns.json") as f:
        columns = json.load(f)
    dtypes = {c: str for c in columns["categorical"]}
    start = time.perf_counter()
    reference = pd.read_csv(f"{args.dir}/reference.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    current = pd.read_csv(f"{args.dir}/current.csv", dtype=dtypes, keep_default_na=False, na_values=[""])
    loaded = time.perf_counter()
    result = drift_table(reference, current, columns)
    reported = time.perf_counter()
    names = registry_names()
    out = {
        "evidently": evidently.__version__,
        "reference_rows": len(reference),
        "current_rows": len(current),
        "load_seconds": loaded - start,
        "report_seconds": reported - loaded,
        "drifted_columns": result["number_of_drifted_columns"],
        "share": result["share_of_drifted_columns"],
        "dataset_drift": bool(result["dataset_drift"]),
        "columns": {},
    }
    for name, c in result["drift_by_columns"].items():
        out["columns"][name] = {
            "test": names.get(c["stattest_name"], c["stattest_name"]),
            "score": float(c["drift_score"]),
            "threshold": float(c["stattest_threshold"]),
            "drifted": bool(c["drift_detected"]),
        }
    if args.psi:
        psi = drift_table(reference, current, columns, stattest="psi")
        for name, c in psi["drift_by_columns"].items():
            out["columns"][name]["psi"] = float(c["drift_score"])
    if args.preset:
        from evidently import DataDefinition, Dataset
        from evidently import Report as PresetReport
        from evidently.presets import DataDriftPreset
        definition = DataDefinition(numerical_columns=columns["numerical"], categorical_columns=columns["categorical"])
        t0 = time.perf_counter()
        snapshot = PresetReport([DataDriftPreset()]).run(
            current_data=Dataset.from_pandas(current, data_definition=definition),
            reference_data=Dataset.from_pandas(reference, data_definition=definition))
        out["preset_seconds"] = time.perf_counter() - t0
        out["preset_share"] = snapshot.dict()["metrics"][0]["value"]["share"]
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
