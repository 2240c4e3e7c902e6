"""How well `plancli targets` reads the hand-labelled gold set in tests/gold/targets.json.

    PYTHONPATH=src python -m tests.gold_report            # the figures
    PYTHONPATH=src python -m tests.gold_report --errors   # and every miss and wrong target

Each document of the gold set is parsed as a user's file and its prose targets extracted; a
target belongs to the labelled sentence of its line that its sentence overlaps (a target in a
sentence that is not labelled counts as wrong: unlisted sentences hold no target).

* precision: targets extracted that are fully right (subject one of the accepted wordings, year,
  comparator, value, unit, range end and change all as labelled) over all targets extracted;
* recall: labelled targets found (an extracted target with their value and unit) over all
  labelled targets;
* strict recall: labelled targets extracted fully right over all labelled targets.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from plancli import parse_file, plan_targets
from plancli.extract.targets import Target

ROOT = Path(__file__).parents[1]
GOLD = ROOT / "tests" / "gold" / "targets.json"


@dataclass
class Figures:
    extracted: int = 0
    labelled: int = 0
    right: int = 0
    found: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def strict_recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


def _width(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6)


def _found(label: dict, target: Target) -> bool:
    return _same_number(label["value"], target.value) and label["unit"] == target.unit


def _right(label: dict, target: Target) -> bool:
    subjects = label["subject"] if isinstance(label["subject"], list) else [label["subject"]]
    return (_found(label, target)
            and _width(target.subject) in {_width(s) for s in subjects}
            and label["year"] == target.year
            and label["comparator"] == target.comparator
            and _same_number(label.get("upper"), target.upper)
            and label.get("change") == target.change)


def _describe(target: Target) -> str:
    upper = f"-{target.upper:g}" if target.upper is not None else ""
    change = f" {target.change}" if target.change else ""
    return (f"{target.subject!r} {target.year} {target.comparator} {target.value:g}{upper} "
            f"{target.unit}{change}")


@cache
def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def evaluate() -> Figures:
    gold = _gold()
    figures = Figures()
    by_line: dict[tuple[str, int], list[dict]] = {}
    for entry in gold["sentences"]:
        by_line.setdefault((entry["doc"], entry["line"]), []).append(entry)
    for doc, relative in gold["documents"].items():
        path = ROOT / relative
        lines = path.read_text(encoding="utf-8").splitlines()
        extracted: dict[int, list[Target]] = {}
        for target in plan_targets(parse_file(path)):
            extracted.setdefault(target.line, []).append(target)
        entries = [e for (d, _), es in by_line.items() if d == doc for e in es]
        assigned: dict[int, list[Target]] = {id(e): [] for e in entries}
        for line, targets in extracted.items():
            text = lines[line - 1]
            for target in targets:
                entry = _entry_of(text, target, by_line.get((doc, line), []))
                if entry is None:
                    figures.extracted += 1
                    figures.errors.append(f"{doc}:{line} unlabelled sentence: {_describe(target)} "
                                          f"in {target.sentence[:60]!r}")
                else:
                    assigned[id(entry)].append(target)
        for entry in entries:
            _score(doc, entry, assigned[id(entry)], figures)
    return figures


def _entry_of(line: str, target: Target, entries: list[dict]) -> dict | None:
    """The labelled sentence of LINE that TARGET's sentence overlaps most."""
    where = line.find(target.sentence)
    start = where if where >= 0 else line.find(target.text)
    end = start + (len(target.sentence) if where >= 0 else len(target.text))
    best, best_overlap = None, 0
    for entry in entries:
        entry_start = line.find(entry["text"])
        overlap = min(end, entry_start + len(entry["text"])) - max(start, entry_start)
        if overlap > best_overlap:
            best, best_overlap = entry, overlap
    return best


def _score(doc: str, entry: dict, targets: list[Target], figures: Figures) -> None:
    labels = list(entry["targets"])
    figures.extracted += len(targets)
    figures.labelled += len(labels)
    where = f"{doc}:{entry['line']}"
    unmatched = []
    for target in targets:
        label = next((label for label in labels if _right(label, target)), None)
        if label is None:
            unmatched.append(target)
        else:
            labels.remove(label)
            figures.right += 1
            figures.found += 1
    for target in unmatched:
        label = next((label for label in labels if _found(label, target)), None)
        if label is None:
            figures.errors.append(f"{where} not a target: {_describe(target)}")
        else:
            labels.remove(label)
            figures.found += 1
            figures.errors.append(f"{where} wrong: {_describe(target)}  labelled {label}")
    for label in labels:
        figures.errors.append(f"{where} missed: {label} in {entry['text'][:50]!r}")


def main(argv: list[str]) -> None:
    figures = evaluate()
    gold = _gold()
    print(f"gold set: {len(gold['sentences'])} sentences, {figures.labelled} labelled targets, "
          f"{len(gold['documents'])} documents")
    print(f"precision (fully right / extracted): {figures.right}/{figures.extracted} = {figures.precision:.1%}")
    print(f"recall (found / labelled):           {figures.found}/{figures.labelled} = {figures.recall:.1%}")
    print(f"strict recall (fully right / labelled): {figures.right}/{figures.labelled} = "
          f"{figures.strict_recall:.1%}")
    if "--errors" in argv:
        for error in figures.errors:
            print(error)


if __name__ == "__main__":
    main(sys.argv[1:])
