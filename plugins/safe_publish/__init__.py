from .safe_publish import register  # noqa: F401
