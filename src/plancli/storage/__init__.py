"""storage: where plans live — resolving ids, loading with caches, batch parsing, the corpus store.

plans resolves a reference (an id in DATA/raw/ or a path), reads and parses it, and keeps the
parsed JSON in DATA/parsed/<id>.json while the file, the parsing code and the encoding still
match; tokens keeps the jieba cut beside it (<id>.tokens.json); batch parses many files (in
worker processes) into a folder and into the store; store is the SQLite corpus store
(DATA/plans.db: tidy tables and a full-text index). A cache that cannot be written is skipped,
never fatal. Every write goes through plancli.files (the store: SQLite transactions, see store).
May import everything below the analyses' renderers.
"""

from plancli._lazy import lazy_exports

# Imported on first use: loading one cached plan must not import the batch machinery and the store.
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "plancli.storage.batch": ["BatchReport", "ParseResult", "expand_sources", "list_plans", "parse_batch",
                              "parse_plans", "rebuild_store"],
    "plancli.storage.plans": ["data_dir", "known_plans", "load_plan", "parse_file", "plan_json", "resolve",
                              "save_plan", "source_text"],
    "plancli.storage.store": ["Store", "stored_query"],
    "plancli.storage.tokens": ["plan_tokens"],
})
