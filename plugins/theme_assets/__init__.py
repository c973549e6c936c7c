from .theme_assets import minified, publish, register  # noqa: F401
