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

from plancli._version import __version__
from plancli.analyses.check import CheckConfig, CheckReport, Finding, check_plan, check_plans, load_config
from plancli.analyses.compare import Comparison, compare_plans
from plancli.analyses.diff import Change, DiffOptions, PlanDiff, diff_plans
from plancli.analyses.outline import find_section, outline_of
from plancli.analyses.plans import listing
from plancli.analyses.query import query_plans
from plancli.analyses.summarize import PlanSummary, summarize
from plancli.analyses.tables import select_table
from plancli.errors import OutputError, PlancliError, PlanInputError
from plancli.extract.indicators import all_indicators
from plancli.extract.projects import summarize_projects
from plancli.extract.targets import plan_targets, target_report
from plancli.model import SCHEMA_VERSION, Metadata, Node, Paragraph, Plan, Span, Table
from plancli.parse import parse_document
from plancli.readers import read_document, text_to_document
from plancli.storage import (
    known_plans,
    list_plans,
    load_plan,
    parse_file,
    parse_plans,
    plan_json,
    plan_tokens,
    resolve,
    save_plan,
    source_text,
)

__all__ = [
    "Change", "CheckConfig", "CheckReport", "Comparison", "DiffOptions", "Finding", "Metadata", "Node",
    "OutputError", "Paragraph", "Plan", "PlanDiff", "PlanInputError", "PlanSummary", "PlancliError",
    "SCHEMA_VERSION", "Span", "Table", "__version__", "all_indicators", "check_plan", "check_plans",
    "compare_plans", "diff_plans", "find_section", "known_plans", "list_plans", "listing", "load_config",
    "load_plan", "outline_of", "parse_document", "parse_file", "parse_plans", "plan_json", "plan_targets",
    "plan_tokens", "query_plans", "read_document", "resolve", "save_plan", "select_table", "source_text",
    "summarize", "summarize_projects", "target_report", "text_to_document",
]
