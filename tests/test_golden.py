"""The fixture site, built now, equals the committed golden tree byte for byte.

After an intended change, run `invoke golden` and review the diff of tests/fixtures/golden/.
"""

from __future__ import annotations

import difflib

from tests.support import GOLDEN, tree_digest


def test_fixture_site_matches_golden_tree(fixture_site):
    built, golden = tree_digest(fixture_site), tree_digest(GOLDEN)
    assert golden, "the golden tree is missing: run `invoke golden`"
    assert sorted(built) == sorted(golden), "files differ: run `invoke golden` and review"
    changed = [path for path in built if built[path] != golden[path]]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            (GOLDEN / first).read_text("utf-8").splitlines(),
            (fixture_site / first).read_text("utf-8").splitlines(), "golden", "built",
            lineterm="", n=1)
        detail = "\n".join(list(diff)[:40])
        raise AssertionError(f"{len(changed)} file(s) differ from the golden tree, first "
                             f"{first}:\n{detail}\nIf intended: `invoke golden`, review the diff.")
