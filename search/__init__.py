"""Search: the only package that imports Whoosh.

analysis.py  the words of a text: folding, stop words, Dutch compounds, stemming
model.py     what is searched (SearchDoc) and its facets, from the content model
index.py     the Whoosh schema, scoring model (BM25F) and index building
export.py    the static, sharded export the browser engine (theme/static/js/search-engine.js)
             reads
query.py     searching an index: query, filters, ranking, snippets, suggestions
cli.py       `invoke search` / `python -m search`
service.py   the WSGI service (JSON)
bench.py     `invoke bench-search`: figures, side by side with Pagefind

See docs/dev/search.md.
"""
