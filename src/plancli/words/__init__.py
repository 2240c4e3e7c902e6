"""words: the plan as words — jieba segmentation, token caches' model, keyness, themes.

segment is the one module that imports jieba (lazily, on the first cut); tokens holds a plan's
running text cut into units; keyness scores over-represented terms (G², log ratio); themes
matches the theme and policy-instrument taxonomies of plancli/resources. Plan and strings in,
counts and pydantic models out; may import lang, files, readers (to decode word lists) and model.
"""
