"""Layout of the measure map: measures placed by approach (columns) and duration (rows).

Pure geometry, so the template only draws what this returns.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

COLUMNS = ("reactief", "proactief")
ROWS = ("structureel", "tijdelijk")
WIDTH, LEFT, TOP, BOTTOM = 840, 56, 10, 50
HEADER, LINE, GAP, WRAP = 50, 19, 14, 34


@dataclass
class Placed:
    item: object
    x: int
    y: int
    lines: list[str]


@dataclass
class Cell:
    row: str
    column: str
    x: int
    y: int
    width: int
    height: int
    items: list[Placed] = field(default_factory=list)


@dataclass
class MapLayout:
    width: int
    height: int
    cells: list[Cell]
    row_bands: list[tuple[str, int, int]]  # (row key, y, height)
    column_centres: list[tuple[str, int]]
    axis_y: int


def _height(measures) -> int:
    return HEADER + sum(len(textwrap.wrap(m.meta["title"], WRAP)) * LINE + GAP
                        for m in measures)


def layout(measures) -> MapLayout:
    col_width = (WIDTH - LEFT - 10) // 2
    groups = {(r, c): sorted((m for m in measures if m.meta.get("duration") == r
                              and m.meta.get("approach") == c),
                             key=lambda m: m.meta["title"].lower())
              for r in ROWS for c in COLUMNS}
    cells, bands, y = [], [], TOP
    for row in ROWS:
        height = max(_height(groups[(row, c)]) for c in COLUMNS) + 10
        bands.append((row, y, height))
        for index, column in enumerate(COLUMNS):
            cell = Cell(row, column, LEFT + col_width * index, y, col_width, height)
            cy = y + HEADER
            for m in groups[(row, column)]:
                lines = textwrap.wrap(m.meta["title"], WRAP)
                cell.items.append(Placed(m, cell.x, cy, lines))
                cy += len(lines) * LINE + GAP
            cells.append(cell)
        y += height
    centres = [(c, LEFT + col_width * i + col_width // 2) for i, c in enumerate(COLUMNS)]
    return MapLayout(WIDTH, y + BOTTOM, cells, bands, centres, y + 30)
