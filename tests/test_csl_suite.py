"""The CSL processor test suite, run through our CSL engine (tests/csl_suite.py).

Every fixture listed in ``tests/csl_suite_passing.txt`` must pass: one that
fails is a regression. Fixtures that newly pass are printed (run with ``-s``
to see them; ``python -m tests.csl_suite --update`` records them). The list
was recorded with one Pandoc (its first line); with another the test is
skipped, as it is without the suite (``$LIVINGREVIEW_SHARED``) or Pandoc.
"""

from __future__ import annotations

import pytest

from livingreview.styles.csl.pandoc import CslUnavailable, find_pandoc
from tests import csl_suite


def test_no_fixture_that_passed_fails_now() -> None:
    if not csl_suite.SUITE.is_dir():
        pytest.skip(f"no CSL test suite at {csl_suite.SUITE} (set LIVINGREVIEW_SHARED)")
    try:
        pandoc = find_pandoc()
    except CslUnavailable as error:
        pytest.skip(f"no Pandoc to render CSL with: {error}")
    version, passing = csl_suite.recorded()
    if pandoc.version_text != version:
        pytest.skip(
            f"the passing fixtures were recorded with Pandoc {version}, not {pandoc.version_text}"
        )
    summary = csl_suite.run_suite(pandoc, [], jobs=2)
    print(summary.table())
    passed = summary.names("passed")
    newly = sorted(passed - passing)
    if newly:
        print(f"newly passing (add with python -m tests.csl_suite --update): {', '.join(newly)}")
    failures = [o for o in summary.outcomes if o.name in passing and o.status != "passed"]
    assert not failures, "\n".join(
        f"{o.name}: {o.status} {o.detail}\n  expected: {o.expected!r}\n  actual:   {o.actual!r}"
        for o in failures
    )
    assert passing <= {o.name for o in summary.outcomes}, "a listed fixture is not in the suite"
