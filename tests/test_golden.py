"""The fixture site, built now, equals the committed golden tree byte for byte.

It catches change, it proves nothing right (the tests of truth do that: test_site_truth.py,
test_site_invariants.py ...). It leaves out the theme's files and the search export, which
their own tests check. After an intended change, run `invoke golden` and read the diff of
tests/fixtures/golden/ page by page.
"""

from __future__ import annotations

import difflib

from tests.support import GOLDEN, golden_digest


def test_fixture_site_matches_golden_tree(fixture_site):
    built, golden = golden_digest(fixture_site), golden_digest(GOLDEN)
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
