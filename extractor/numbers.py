"""The `numbers` stage. Not built yet: it finds nothing, and claims nothing (see the numbers issue)."""
from __future__ import annotations

from .article import Article


def run(article: Article) -> None:
    article.numbers = []
