"""The content model: schema, taxonomies, reading and validation. No Pelican imports here."""

from . import taxonomy
from .errors import ContentErrors, Problem, errors_only, report
from .loader import Content, load
from .reader import Item
from .schema import FIELDS, ITEM_TYPES, TYPES, Field, fields_for
from .taxonomy import Taxonomies

__all__ = ["FIELDS", "taxonomy", "ITEM_TYPES", "TYPES", "Content", "ContentErrors", "Field", "Item",
           "Problem", "Taxonomies", "errors_only", "fields_for", "load", "report"]
