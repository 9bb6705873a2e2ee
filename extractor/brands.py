"""The `brands` stage. Not built yet: it finds nothing, and claims nothing (see the brands issue)."""
from __future__ import annotations

from .article import Article


def run(article: Article) -> None:
    article.brands = []
