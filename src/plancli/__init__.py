"""plancli: analyze Chinese government education plans.

Everything the command line does is available here:

    >>> import plancli
    >>> plan = plancli.load_plan("huadu")           # id in data/raw/, or a file path
    >>> plan.heading_counts()
    {1: 6, 2: 33, 3: 73, 4: 30}
    >>> plan.find("三.（一）.2").title
    '推进智育创新'
"""

from plancli.errors import PlanInputError
from plancli.model import SCHEMA_VERSION, Metadata, Node, Paragraph, Plan, Span, Table
from plancli.parse import parse_document
from plancli.readers import read_document, text_to_document
from plancli.store import known_plans, load_plan, parse_file, plan_json, resolve, save_plan
from plancli.views import list_plans, outline_of, parse_plans

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION", "Metadata", "Node", "Paragraph", "Plan", "PlanInputError", "Span", "Table",
    "known_plans", "list_plans", "load_plan", "outline_of", "parse_document", "parse_file",
    "parse_plans", "plan_json", "read_document", "resolve", "save_plan", "text_to_document",
]
