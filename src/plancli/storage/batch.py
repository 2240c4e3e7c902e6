"""Work over many plan files at once: parse them into a folder, list the known plans."""

from __future__ import annotations

from pathlib import Path

from plancli.analyses.plans import ParseResult, PlanListing, listing
from plancli.errors import PlanInputError
from plancli.files import check_writable
from plancli.storage.plans import STDIN_REF, data_dir, known_plans, load_plan, parse_file, resolve, save_plan
from plancli.storage.tokens import save_tokens
from plancli.words.tokens import cut_plan


def list_plans(data: Path | None = None, encoding: str | None = None) -> list[PlanListing]:
    """Every plan in DATA/raw/, parsed (or taken from the cache)."""
    return [listing(load_plan(path.stem, data, encoding)) for path in known_plans(data)]


def parse_plans(refs: list[str], out_dir: Path | None = None, data: Path | None = None,
                encoding: str | None = None, tokens: bool = True) -> list[ParseResult]:
    """Parse every plan REFS names and write OUT_DIR/<id>.json (default DATA/parsed/), and with
    TOKENS its words cut by jieba to OUT_DIR/<id>.tokens.json, so later commands need no jieba.

    All plans are parsed before anything is written, so a bad input leaves no partial output.
    """
    if STDIN_REF in refs and out_dir is None:
        raise PlanInputError("<stdin>", "a plan read from standard input is not kept in data/parsed: "
                                        "name a folder for it with --out")
    target = out_dir or data_dir(data) / "parsed"
    plans = [parse_file(resolve(ref, data), encoding) for ref in refs]
    ids = [plan.id for plan in plans]
    if duplicate := next((i for i in ids if ids.count(i) > 1), None):
        raise PlanInputError(duplicate, "two plans share this id (their file names): parse them one by one")
    for plan in plans:  # every output must be writable before the first one is written
        check_writable(target / f"{plan.id}.json")
        check_writable(target / f"{plan.id}.tokens.json")
    results = []
    for plan in plans:
        path, changed = save_plan(plan, target)
        stored = save_tokens(cut_plan(plan), target / f"{plan.id}.tokens.json") if tokens else None
        results.append(ParseResult(id=plan.id, output=str(path), changed=changed,
                                   tokens=str(stored) if stored else None,
                                   headings=plan.heading_counts(), tables=len(plan.tables()),
                                   warnings=plan.warnings))
    return results
