"""extractor: structured, checkable facts from crawled Chinese news articles.

    >>> from extractor import extract
    >>> article = extract(text, published="2019-08-07")
    >>> article.to_dict()   # the JSON of ../SPEC.md
"""
from .article import Article, Brand, Event, Meta, Mention, Number, Place
from .pipeline import Options, extract

__all__ = ["extract", "Options", "Article", "Meta", "Mention", "Place", "Brand", "Event", "Number"]
__version__ = "0.1.0"
