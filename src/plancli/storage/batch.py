"""Work over many plan files at once: parse them into a folder, list the known plans."""

from __future__ import annotations

from pathlib import Path

from plancli.analyses.plans import ParseResult, PlanListing, listing
from plancli.errors import PlanInputError
from plancli.files import DEFAULT_MAX_SIZE, check_output, folder_lock
from plancli.storage.plans import data_dir, known_plans, load_plan, parse_file, plan_files, resolve, save_plan
from plancli.storage.tokens import save_tokens
from plancli.words.tokens import cut_plan


def list_plans(data: Path | None = None, encoding: str | None = None,
               max_size: int = DEFAULT_MAX_SIZE) -> list[PlanListing]:
    """Every plan in DATA/raw/, parsed (or taken from the cache)."""
    return [listing(load_plan(path.stem, data, encoding, max_size)) for path in known_plans(data)]


def parse_plans(refs: list[str], out_dir: Path | None = None, data: Path | None = None,
                encoding: str | None = None, tokens: bool = True,
                max_size: int = DEFAULT_MAX_SIZE) -> list[ParseResult]:
    """Parse every plan REFS names and write OUT_DIR/<id>.json (default DATA/parsed/), and with
    TOKENS its words cut by jieba to OUT_DIR/<id>.tokens.json, so later commands need no jieba.

    All plans are parsed before anything is written, so a bad input leaves no partial output.
    Each plan and its tokens are written together under a lock on OUT_DIR, so that concurrent
    runs cannot leave a <id>.json and a <id>.tokens.json from different runs (the tokens also
    record the plan JSON they belong to, and are rebuilt when it is not the one beside them).
    """
    target = out_dir or data_dir(data) / "parsed"
    plans = [parse_file(resolve(ref, data), encoding, max_size=max_size) for ref in refs]
    ids = [plan.id for plan in plans]
    if duplicate := next((i for i in ids if ids.count(i) > 1), None):
        raise PlanInputError(duplicate, "two plans share this id (their file names): parse them one by one")
    inputs = [path for plan in plans for path in plan_files(plan)]
    for plan in plans:  # every output must be writable before the first one is written
        check_output(target / f"{plan.id}.json", inputs, target)
        check_output(target / f"{plan.id}.tokens.json", inputs, target)
    results = []
    for plan in plans:
        cut = cut_plan(plan) if tokens else None  # the slow part, outside the lock
        with folder_lock(target):
            path, changed = save_plan(plan, target, inputs)
            stored = save_tokens(cut, plan, target, inputs) if cut else None
        results.append(ParseResult(id=plan.id, output=str(path), changed=changed,
                                   tokens=str(stored) if stored else None,
                                   headings=plan.heading_counts(), tables=len(plan.tables()),
                                   warnings=plan.warnings))
    return results
