"""kbtui: a terminal reader for a personal knowledge base of Markdown notes."""

__version__ = "0.1.0"
