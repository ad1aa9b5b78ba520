"""The tantivy index of a notes folder: analysis, documents, keeping it in step, searching it.

Imports ``kbtui.corpus`` and nothing above it; the reading state is a sibling it never uses.
"""
