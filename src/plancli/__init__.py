"""plancli: analyze Chinese government education plans.

Everything the command line does is available here:

    >>> import plancli
    >>> plan = plancli.load_plan("huadu")           # id in data/raw/, or a file path
    >>> plan.heading_counts()
    {1: 6, 2: 33, 3: 73, 4: 30}
    >>> plan.find("三.（一）.2").title
    '推进智育创新'

The layers, bottom up (each may import only those below it; `make test` checks the contract):
lang (vocabulary) · readers (bytes → blocks) · model · parse (blocks → Plan) · extract (typed
facts) and words (jieba, keyness, themes) · analyses (one per command) · render (one View per
analysis) and storage (ids, caches, batch parsing) · cli (typer).
"""

from __future__ import annotations

from plancli._lazy import lazy_exports
from plancli._version import __version__

# Each public name and the module it comes from, imported on first use: `import plancli` (and
# the command line, which imports it) costs only what is used.
_EXPORTS = {
    "plancli.analyses.check": ["CheckConfig", "CheckReport", "Finding", "check_plan", "check_plans", "load_config"],
    "plancli.analyses.compare": ["Comparison", "compare_plans"],
    "plancli.analyses.diff": ["Change", "DiffOptions", "PlanDiff", "diff_plans"],
    "plancli.analyses.outline": ["find_section", "outline_of"],
    "plancli.analyses.plans": ["listing"],
    "plancli.analyses.query": ["query_plans"],
    "plancli.analyses.summarize": ["PlanSummary", "summarize"],
    "plancli.analyses.tables": ["select_table"],
    "plancli.errors": ["OutputError", "PlancliError", "PlanInputError"],
    "plancli.extract.indicators": ["all_indicators"],
    "plancli.extract.projects": ["summarize_projects"],
    "plancli.extract.targets": ["plan_targets", "target_report"],
    "plancli.model": ["SCHEMA_VERSION", "Metadata", "Node", "Paragraph", "Plan", "Span", "Table"],
    "plancli.parse": ["parse_document"],
    "plancli.readers": ["read_document", "text_to_document"],
    "plancli.storage.batch": ["list_plans", "parse_batch", "parse_plans", "rebuild_store"],
    "plancli.storage.plans": ["known_plans", "load_plan", "parse_file", "plan_json", "resolve", "save_plan",
                              "source_text"],
    "plancli.storage.store": ["stored_query"],
    "plancli.storage.tokens": ["plan_tokens"],
}
__getattr__, __dir__, _names = lazy_exports(__name__, _EXPORTS)
__all__ = [*_names, "__version__"]
