"""extract: typed facts read from a parsed plan.

Indicators from indicator tables (indicators), values as written and parsed (values), targets
stated in the prose (target_sentences finds them in a text; targets runs that over a plan and
links them to the indicators), and project tables (projects). Plan in, pydantic models out:
nothing here reads files, tokenizes or prints. May import lang, model and parse.
"""
