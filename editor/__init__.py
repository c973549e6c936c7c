"""The web editor (Decap CMS) for `make serve`: see docs/dev/editor.md."""
