from .search_index import register  # noqa: F401
