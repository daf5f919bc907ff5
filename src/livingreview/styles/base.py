"""The interface every citation style implements.

A style turns the works and citations of a site into HTML, in four steps
that the :class:`~livingreview.site.library.Library` drives:

1. :meth:`Style.prepare`, once per build, with every work the site cites
   and (lazily) every citation of the site in page order: where a style
   works out what depends on the whole site (APA's 2000a/2000b and "et al."
   labels, a numeric style's numbers, a CSL processor's single batch).
2. :meth:`Style.citation`: the in-text fragment of one citation, as
   :class:`Segment` objects.
3. :meth:`Style.reference`: the HTML of one work's entry in a reference list.
4. :meth:`Style.order`: the order of a reference list.

and :meth:`Style.take_diagnostics` hands over what it found wrong. The
HTML conventions around the fragments (``cite-KEY`` ids, ``ref-KEY``
entries, "Cited in", previews) belong to the site, so they are the same
whatever the style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from livingreview.diagnostics import Diagnostic
from livingreview.markdown.citations import Citation
from livingreview.styles.apa import Work


@dataclass(frozen=True)
class Segment:
    """A piece of an in-text citation: HTML that the caller must protect
    from Markdown (the links), or Markdown text that it goes on processing
    (an author's prefix and suffix, such as ``see *also*``)."""

    text: str
    is_html: bool
    # A note style's citation: *text* is the HTML of the note, which the page
    # numbers and lists at its end; a reference mark takes its place.
    note: bool = False


# Every citation of the site, page by page in nav order (worked out on demand).
SiteCitations = Callable[[], "list[list[Citation]]"]
# A digest of the text of every page, in nav order ("" when unknown): what
# decides every citation of the site, cheaper to know than the citations.
SiteDigest = Callable[[], str]
# The work cited as a key (any case), or None when the .bib has none.
Lookup = Callable[[str], "Work | None"]


class Style(Protocol):
    """A citation style, as the library drives it (see the module's docstring)."""

    def prepare(
        self, works: Mapping[str, Work], citations: SiteCitations, site_digest: SiteDigest
    ) -> None:
        """Work out what depends on the whole site: *works* by lower-case key,
        *citations* gives every citation of the site in page order and
        *site_digest* a digest of the pages they come from (called only by a
        style that needs them)."""

    def expect(self, citations: list[Citation]) -> None:
        """*citations* are about to be rendered, though :meth:`prepare` may not
        have seen them (a page on its own, a page edited under ``serve``)."""

    def citation(self, citation: Citation, lookup: Lookup, seen: dict[str, int]) -> list[Segment]:
        """The segments that replace *citation* in the page; *seen* counts the
        citations of each lower-case key so far on the page (updated)."""

    def reference(self, work: Work) -> str:
        """The HTML of *work*'s reference entry."""

    def order(self, works: Iterable[Work]) -> list[Work]:
        """*works* in the order of a reference list."""

    def take_diagnostics(self) -> list[Diagnostic]:
        """What the style found wrong since the last call."""

    def save(self) -> None:
        """Keep what it worked out for the next build (if it has a store)."""
