"""The command line's words: the parser of every command and option, which words are the
query of ``search``, and the values the options take. (``kbtui.cli`` runs the commands.)"""

from __future__ import annotations

import argparse

from kbtui import __version__
from kbtui.search.syntax import QUERY_SYNTAX

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


QUERY_HELP = f"""\
query syntax:
{QUERY_SYNTAX}

exit status: 0 hits found, 1 no hits, 2 usage or other error (as grep)
"""


def build_parser() -> argparse.ArgumentParser:
    notes_help = (
        "notes folder (default: $KBTUI_NOTES, then the config file, then the bundled notes)"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--notes", metavar="DIR", help=notes_help, default=argparse.SUPPRESS)
    common.add_argument("--version", action="version", version=f"kbtui {__version__}")

    parser = argparse.ArgumentParser(
        prog="kbtui",
        description="A terminal reader for a knowledge base of Markdown notes.",
        epilog="Run 'kbtui COMMAND --help' for the options of a command.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    search = commands.add_parser(
        "search",
        parents=[common],
        help="print the notes that match a query, best first",
        description="Print the notes that match QUERY, best first, with a snippet.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="words to search for; -word excludes (no need for --)",
    )
    search.add_argument(
        "--limit",
        "-n",
        type=positive_int,
        default=10,
        metavar="N",
        help="show at most N hits (default 10)",
    )
    search.add_argument("--json", action="store_true", help="print one JSON object (see README)")

    index = commands.add_parser(
        "index",
        parents=[common],
        help="bring the search index up to date",
        description="Bring the search index up to date with the notes folder and say what changed.",
    )
    index.add_argument("--rebuild", action="store_true", help="start the index over from scratch")

    show = commands.add_parser(
        "show",
        parents=[common],
        help="print one note",
        description="Print one note rendered for the terminal. NOTE is a note id "
        "(its path in the notes folder) or a part of its title that names one note.",
    )
    show.add_argument("note", metavar="NOTE", help="note id or a unique part of its title")
    show.add_argument("--plain", action="store_true", help="print the raw Markdown")
    show.add_argument(
        "--json", action="store_true", help="print its metadata, links and backlinks (see README)"
    )

    edit = commands.add_parser(
        "edit",
        parents=[common],
        help="open one note in your editor, then index it",
        description="Open NOTE (named as for 'show') in $VISUAL, else $EDITOR, else editor: in "
        "the config file, else the first of sensible-editor, nano, vim, vi on PATH; "
        "when the editor exits, the index takes in the change.",
    )
    edit.add_argument("note", metavar="NOTE", help="note id or a unique part of its title")

    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the reader to a web browser",
        description="Serve the reader to web browsers (one app per tab) until Ctrl+C.",
    )
    port_help = f"port to listen on (default {SERVE_PORT})"
    host_help = f"address to listen on (default {SERVE_HOST}: this machine only)"
    serve.add_argument("--port", type=port_number, default=SERVE_PORT, help=port_help)
    serve.add_argument("--host", type=host_address, default=SERVE_HOST, help=host_help)

    config = commands.add_parser(
        "config", parents=[common], help="print the config file's path (--show: all of it)"
    )
    config.add_argument("--show", action="store_true", help="every setting and key, as YAML")
    return parser
