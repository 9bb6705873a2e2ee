"""The `events` stage. Not built yet: it finds nothing, and claims nothing (see the events issue)."""
from __future__ import annotations

from .article import Article


def run(article: Article) -> None:
    article.events = []
