"""What the reader has done: reading state in SQLite, and the notes opened this session.

Beside the index, not above or below it: neither imports the other.
"""
