"""The old import path of the MkDocs plugin, kept for configurations that
name it (``livingreview.plugin:LivingReviewPlugin``)."""

from livingreview.site.plugin import LivingReviewConfig, LivingReviewPlugin

__all__ = ["LivingReviewConfig", "LivingReviewPlugin"]
