"""analyses: one module per command, plan(s) in, a pydantic result model out.

outline, plans, tables, query, summarize, compare (and diff, check). An analysis takes parsed
plans (and their stored tokens where it counts words) and returns a model that every renderer
and `--format json` shows: it never prints, never writes a file and never parses options. May
import lang, model, extract and words. A new analysis is a module here, a renderer in
plancli.render and a few lines in plancli.cli.
"""
