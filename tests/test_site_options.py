"""Settings in mkdocs.yml that would do nothing are reported, at their line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from livingreview.cli.main import main
from tests.conftest import Site

MISSING = (
    "mkdocs.yml:6: the livingreview option 'bibliography_page' names 'references.md', "
    "which is not a page of the site, so the list of every cited work is not made; "
    "create docs/references.md or fix the option"
)
MISSING_MAP = (
    "mkdocs.yml:7: the livingreview option 'evidence_map_page' names 'map.md', "
    "which is not a page of the site, so the evidence map is not added; "
    "create docs/map.md or fix the option"
)
PLACEHOLDER_URL = (
    "mkdocs.yml:1: note site-url-placeholder: site_url is still the placeholder "
    "'https://example.org/your-review/'; set it to the address where the review is "
    "published (such as https://USER.github.io/REPOSITORY/), which links and search "
    "engines use"
)
OPTIONS = (
    "bibliography: references.bib\nbibliography_page: references.md\nevidence_map_page: map.md"
)


def config_lines(capsys: pytest.CaptureFixture[str], site: Site) -> list[str]:
    main(["check", "-f", str(site.root / "mkdocs.yml")])
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("mkdocs")]


def test_a_page_option_naming_no_page_is_reported_by_build_and_check(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site({"index.md": "[@putnam2000]\n"}, plugin_options=OPTIONS)
    assert site.warnings == [MISSING, MISSING_MAP]
    assert config_lines(capsys, site) == [
        MISSING.replace("mkdocs.yml:6: ", "mkdocs.yml:6: warning missing-page: "),
        MISSING_MAP.replace("mkdocs.yml:7: ", "mkdocs.yml:7: warning missing-page: "),
    ]


def test_existing_pages_are_not_reported(make_site: Callable[..., Site]) -> None:
    site = make_site(
        {"index.md": "[@putnam2000]\n", "references.md": "# References\n", "map.md": "# Map\n"},
        plugin_options=OPTIONS,
    )
    assert site.warnings == []


def test_the_placeholder_site_url_is_reported_by_check(
    make_site: Callable[..., Site], capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(
        {"index.md": "[@putnam2000]\n"},
        bib="@book{putnam2000, author = {Putnam, Robert D.}, title = {Bowling Alone},"
        " publisher = {Simon \\& Schuster}, year = 2000}\n",
    )
    config = site.root / "mkdocs.yml"
    config.write_text(
        "site_url: https://example.org/your-review/\n" + config.read_text(), encoding="utf-8"
    )
    assert config_lines(capsys, site) == [PLACEHOLDER_URL]
    # A note: shown, but --strict does not fail on it (a new review's CI passes).
    assert main(["check", "--strict", "-f", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert PLACEHOLDER_URL in lines
    main(["check", "--strict", "--format", "github", "-f", str(config)])
    assert capsys.readouterr().out.startswith(
        "::notice file=mkdocs.yml,line=1,title=site-url-placeholder::site_url is still"
    )
    config.write_text(
        config.read_text().replace("example.org/your-review", "example.net/review"),
        encoding="utf-8",
    )
    assert config_lines(capsys, site) == []
