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

__version__ = "0.1.0"

from plancli.analyses.compare import Comparison, compare_plans  # noqa: E402
from plancli.analyses.outline import find_section, outline_of  # noqa: E402
from plancli.analyses.plans import listing  # noqa: E402
from plancli.analyses.query import query_plans  # noqa: E402
from plancli.analyses.summarize import PlanSummary, summarize  # noqa: E402
from plancli.analyses.tables import select_table  # noqa: E402
from plancli.errors import OutputError, PlancliError, PlanInputError  # noqa: E402
from plancli.extract.indicators import all_indicators  # noqa: E402
from plancli.extract.projects import summarize_projects  # noqa: E402
from plancli.extract.targets import plan_targets, target_report  # noqa: E402
from plancli.model import SCHEMA_VERSION, Metadata, Node, Paragraph, Plan, Span, Table  # noqa: E402
from plancli.parse import parse_document  # noqa: E402
from plancli.readers import read_document, text_to_document  # noqa: E402
from plancli.storage import (  # noqa: E402
    known_plans,
    list_plans,
    load_plan,
    parse_file,
    parse_plans,
    plan_json,
    plan_tokens,
    resolve,
    save_plan,
)

__all__ = [
    "SCHEMA_VERSION", "Comparison", "Metadata", "Node", "OutputError", "Paragraph", "Plan", "PlanInputError",
    "PlanSummary", "PlancliError", "Span", "Table", "all_indicators", "compare_plans", "find_section",
    "known_plans", "list_plans", "listing", "load_plan", "outline_of", "parse_document", "parse_file",
    "parse_plans", "plan_json", "plan_targets", "plan_tokens", "query_plans", "read_document", "resolve",
    "save_plan", "select_table", "summarize", "summarize_projects", "target_report", "text_to_document",
]
