"""The portal plugin. Pelican is imported only when Pelican loads the plugin (register), so
tools that need just the site model or the page plan (`invoke check`) start fast."""


def register():
    from .portal import register as connect

    connect()
