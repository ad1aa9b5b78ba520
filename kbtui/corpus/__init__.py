"""The notes on disk: finding and decoding them, front matter, the Markdown reading, excerpts.

The bottom layer: it imports nothing else of kbtui (bar ``errors``), so the index, the
reading state and every view can use it.
"""
