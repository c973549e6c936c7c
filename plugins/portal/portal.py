"""The portal plugin: one generator that writes every page of the portal."""

from pelican import signals

from .generator import PortalGenerator


def add_generator(pelican):
    return PortalGenerator


def register():
    signals.get_generators.connect(add_generator)
