"""render: one module per analysis, each a View that shows its result model in every format.

base holds the formats, the View interface (`table` for people with rich, `json` from the
model, `csv`, `markdown`, and CI formats where a result has them) and `emit`, which writes one
format to stdout or atomically to a file. report holds the titled sections that summarize and
compare show in the terminal, in Markdown and in Word. Renderers format; they never compute a
figure the analysis did not. May import everything below the command line except storage.
"""

from plancli._lazy import lazy_exports

# Imported on first use: the command line imports plancli.render.formats without rich.
__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "plancli.render.base": ["TableView", "View", "emit", "heading_counts_text", "plural", "rich_to_text", "to_csv",
                            "to_json", "to_markdown_table", "to_rich_table"],
    "plancli.render.formats": ["OutputFormat", "UnsupportedFormat"],
})
