"""storage: where plans live — resolving ids, loading with caches, batch parsing, the corpus store.

plans resolves a reference (an id in DATA/raw/ or a path), reads and parses it, and keeps the
parsed JSON in DATA/parsed/<id>.json while the file, the parsing code and the encoding still
match; tokens keeps the jieba cut beside it (<id>.tokens.json); batch parses many files (in
worker processes) into a folder and into the store; store is the SQLite corpus store
(DATA/plans.db: tidy tables and a full-text index). A cache that cannot be written is skipped,
never fatal. Every write goes through plancli.files (the store: SQLite transactions, see store).
May import everything below the analyses' renderers.
"""

from plancli.storage.batch import BatchReport, ParseResult, expand_sources, list_plans, parse_batch, parse_plans
from plancli.storage.plans import (
    data_dir,
    known_plans,
    load_plan,
    parse_file,
    plan_json,
    resolve,
    save_plan,
    source_text,
)
from plancli.storage.tokens import plan_tokens

__all__ = ["BatchReport", "ParseResult", "data_dir", "expand_sources", "known_plans", "list_plans", "load_plan",
           "parse_batch", "parse_file", "parse_plans", "plan_json", "plan_tokens", "resolve", "save_plan",
           "source_text"]
