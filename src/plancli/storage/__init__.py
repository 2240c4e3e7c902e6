"""storage: where plans live — resolving ids, loading with caches, batch parsing.

plans resolves a reference (an id in DATA/raw/ or a path), reads and parses it, and keeps the
parsed JSON in DATA/parsed/<id>.json while the file, the parsing code and the encoding still
match; tokens keeps the jieba cut beside it (<id>.tokens.json); batch parses many files into
a folder and lists the known plans. A cache that cannot be written is skipped, never fatal.
Every write goes through plancli.files. May import everything below the analyses' renderers.
"""

from plancli.storage.batch import ParseResult, list_plans, parse_plans
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

__all__ = ["ParseResult", "data_dir", "known_plans", "list_plans", "load_plan", "parse_file", "parse_plans",
           "plan_json", "plan_tokens", "resolve", "save_plan", "source_text"]
