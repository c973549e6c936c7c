"""The embeds plugin: a Generator that runs after the portal's and writes embed views, oEmbed
files, Atom and JSON feeds, `_headers` and an nginx snippet (see generator.py)."""

from pelican import signals

from portal.generator import PortalGenerator

from .generator import EmbedsGenerator


def add_generator(pelican):
    return EmbedsGenerator


def share_with_templates(generators):
    """Give the portal's templates the catalogue as `embeds` (the "Embed this" panel, oEmbed
    discovery and feed links), before any page is rendered."""
    catalogue = next((g.context["portal_embeds"] for g in generators
                      if isinstance(g, EmbedsGenerator)), None)
    for generator in generators:
        if catalogue is not None and isinstance(generator, PortalGenerator):
            generator.env.globals["embeds"] = catalogue


def register():
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(share_with_templates)
