"""The embeds plugin: embed views, oEmbed, feeds and the security headers files.
Pelican is imported only when Pelican loads the plugin (register), so tests can use the pure
modules (catalogue, feeds, headers) on their own."""


def register():
    from .embeds import register as connect

    connect()
