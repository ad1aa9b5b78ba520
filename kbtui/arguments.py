"""The command line's words, read before and for argparse: which words are the query of
``search``, and the values the options take. (``kbtui.cli`` builds the parser from these.)"""

from __future__ import annotations

import argparse

MAX_LIMIT = 1_000_000  # tantivy sets aside room for as many hits as asked (2**31 aborted)
SERVE_HOST = "127.0.0.1"  # kbtui serve: this machine only, unless --host says otherwise
SERVE_PORT = 8000

# The options of ``search`` and whether each takes a value; every other word is the query's.
SEARCH_OPTIONS = {"--limit": True, "-n": True, "--json": False, "--notes": True,
                  "--help": False, "-h": False, "--version": False}  # fmt: skip


def query_words_last(argv: list[str]) -> list[str]:
    """For ``search``, the query's words moved after ``--`` in the order typed, so that a word
    that starts with a dash (``-nvidia``, ``-hippo``: exclude that word) is never read as an
    option; only the options themselves (``-n 5``, ``-n5``, ``--limit=5``) are options."""
    at = command_index(argv)
    if at is None or argv[at] != "search":
        return argv
    options, words = argv[: at + 1], []
    rest = iter(argv[at + 1 :])
    for token in rest:
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if token == "--":
            words.extend(rest)
        elif name in SEARCH_OPTIONS:
            options.append(token)
            if SEARCH_OPTIONS[name] and name == token:  # its value is the next word
                value = next(rest, None)
                if value is not None:
                    options.append(value)
        elif token[:2] == "-n" and token[2:].isdigit():
            options.append(token)
        elif token.startswith("--"):
            options.append(token)  # an unknown long option: argparse says so
        else:
            words.append(token)
    return [*options, "--", *words] if words else options


def command_index(argv: list[str]) -> int | None:
    """Where the sub-command's name is: the first word that is no option nor its value."""
    value_next = False
    for at, token in enumerate(argv):
        if value_next:
            value_next = False
        elif token == "--notes":
            value_next = True
        elif not token.startswith("-"):
            return at
    return None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return min(number, MAX_LIMIT)  # more than any knowledge base holds: all of them


def port_number(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port (1 to 65535): {value!r}")
    return int(value)


def host_address(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("needs an address (0.0.0.0 listens on every one)")
    return value.strip()
