"""The gold set of prose targets (tests/gold/targets.json): precision and recall of `targets`.

The figures: PYTHONPATH=src python -m tests.gold_report (add --errors for every miss).
"""

from __future__ import annotations

import json

from tests.gold_report import GOLD, evaluate

THRESHOLD = 0.95


def test_gold_set_is_large_and_covers_the_family():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert len(gold["sentences"]) >= 150
    assert {"huadu", "qingcheng"} <= set(gold["documents"])
    texts = "".join(entry["text"] for entry in gold["sentences"])
    assert "達到" in texts and "不低於" in texts   # traditional characters
    assert any(not entry["targets"] for entry in gold["sentences"])


def test_targets_precision_and_recall_on_the_gold_set():
    figures = evaluate()
    report = "\n".join(figures.errors)
    assert figures.precision >= THRESHOLD, report
    assert figures.recall >= THRESHOLD, report
