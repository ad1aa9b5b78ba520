"""The ``kbtui`` command: argument parsing, the sub-commands, errors and exit codes.

This is the one place that prints errors and chooses exit codes (the parser is
``kbtui.arguments``'). It imports
the heavy modules (tantivy, rich) only inside the commands that need them,
and never imports Textual for ``search``, ``index``, ``show``, ``edit`` or ``serve`` (its
server runs the app in a process per browser tab).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from kbtui.arguments import build_parser, query_words_last
from kbtui.errors import KbtuiError

EXIT_OK = 0
EXIT_NO_HITS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    closed = _fill_closed_streams()
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(query_words_last(argv))
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "search" and not args.query:
        parser.error("search needs a QUERY")
    if 1 in closed and args.command in ("search", "index", "show", "config"):
        _error("standard output is closed: nowhere to print to")  # as grep: 2
        return EXIT_USAGE
    try:
        if args.command == "search":
            return _search(args)
        if args.command == "index":
            return _index(args)
        if args.command == "show":
            return _show(args)
        if args.command == "edit":
            return _edit(args)
        if args.command == "serve":
            return _serve(args)
        if os.environ.get("TEXTUAL_DRIVER"):  # a driver of its own draws it (kbtui serve's)
            return _app(args)
        if args.command == "config":
            return _config(args)
        if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
            if sys.stdout is not None:
                parser.print_help()  # no terminal to draw the app on
            return EXIT_OK
        if not _is_terminal(sys.__stderr__):  # Textual draws the app through stderr
            _error("the app draws on standard error, which is not the terminal (2> used?)")
            return EXIT_USAGE
        return _app(args)
    except KbtuiError as error:
        _error(str(error))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`kbtui search x | head -1`): stop quietly with 0, as ripgrep.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        _error(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
        return EXIT_USAGE
    except Exception as error:  # the last line of defence: never a traceback
        if os.environ.get("KBTUI_DEBUG"):
            raise
        _error(f"internal error: {type(error).__name__}: {error} (set KBTUI_DEBUG=1 for details)")
        return EXIT_USAGE


def _fill_closed_streams() -> set[int]:
    """Standard streams the shell closed (``<&-``, ``>&-``, ``2>&-``), each reopened on
    /dev/null: else the next file kbtui opens (an index file, the state database) would take
    its number, and what is written to the stream would land in that file."""
    closed = set()
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            closed.add(descriptor)
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)
    return closed


def _is_terminal(stream) -> bool:
    return stream is not None and stream.isatty()


def _error(message: str) -> None:
    """One line on stderr; when stderr is closed or refuses it (``2>&-``, ``2>/dev/full``)
    there is nowhere to say it, and the exit status alone tells (never stdout: it would
    corrupt the output, --json above all)."""
    from kbtui.corpus.safety import one_line

    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(f"kbtui: {one_line(message)}", file=sys.stderr, flush=True)


def _knowledge_base(args: argparse.Namespace, with_synonyms: bool = False):
    """The knowledge base the user named; with the user's synonyms (from the config) if asked."""
    from kbtui.config import resolve_notes_root, user_synonyms
    from kbtui.search.knowledge_base import KnowledgeBase

    root = resolve_notes_root(getattr(args, "notes", None))
    synonyms = None
    if with_synonyms:
        synonyms, problems = user_synonyms()
        for problem in problems:
            _error(problem)
    return KnowledgeBase(root, synonyms=synonyms)


def _sync_if_needed(knowledge_base) -> None:
    """Bring a knowledge base up to date before a one-shot answer, if it may be behind."""
    if knowledge_base.needs_sync():
        for notice in knowledge_base.sync().notices():
            _error(notice)


def _stdout_console():
    """Rich's console for what the commands print; a closed pipe ends the command as
    ``main`` says (Rich's own handling would exit 1, the code for no match)."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
    console.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    if console.width < 1:  # COLUMNS=0: a width Rich prints nothing at
        console.width = 80
    return console


def _pipe_closed() -> None:
    raise BrokenPipeError


def _search(args: argparse.Namespace) -> int:
    from kbtui.search.query import parse_query

    knowledge_base = _knowledge_base(args, with_synonyms=True)
    _sync_if_needed(knowledge_base)
    parsed = parse_query(" ".join(args.query))
    for warning in parsed.warnings:
        _error(f"query: {warning}")
    if parsed.is_empty:
        raise KbtuiError("nothing to search for in the query")
    results = knowledge_base.search(parsed, limit=args.limit)
    for notice in results.notices:
        _error(notice)
    if explanation := results.explanation():
        _error(explanation)
    if args.json:
        from kbtui.present.json_output import json_text, results_json

        print(json_text(results_json(results)))
    else:
        from kbtui.present.render import hit_text

        console = _stdout_console()
        for number, hit in enumerate(results.hits, start=1):
            if number > 1:
                console.print()
            console.print(hit_text(hit, number))
        if results.total > len(results.hits) and console.is_terminal:
            shown = len(results.hits)
            _error(f"{shown} of {results.total} matching notes shown; --limit N shows more")
        if not results.hits:
            shown_query = parsed.text if len(parsed.text) <= 80 else parsed.text[:79] + "…"
            _error(f"no notes match {shown_query}")
    return EXIT_OK if results.hits else EXIT_NO_HITS


def _index(args: argparse.Namespace) -> int:
    knowledge_base = _knowledge_base(args)
    progress_bar = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        progress_bar = Progress(console=Console(stderr=True), transient=True)
    if progress_bar is None:
        report = knowledge_base.sync(rebuild=args.rebuild)
    else:
        with progress_bar:
            task = progress_bar.add_task("indexing", total=None)
            report = knowledge_base.sync(
                rebuild=args.rebuild,
                progress=lambda done, total: progress_bar.update(task, completed=done, total=total),
            )
    for notice in report.notices(list_problems=True):
        _error(notice)
    print(f"{report.summary()} ({knowledge_base.notes_root})")
    failed = report.unreadable or knowledge_base.store.read_only  # as grep: what it could not do
    return EXIT_USAGE if failed else EXIT_OK


def _app(args: argparse.Namespace) -> int:
    from kbtui.app.app import run_app
    from kbtui.config import app_config, resolve_notes_root

    root = resolve_notes_root(getattr(args, "notes", None))
    clean = run_app(root, **app_config()._asdict())
    return EXIT_OK if clean else EXIT_USAGE  # 0 only for a clean quit


def _config(args: argparse.Namespace) -> int:
    from kbtui.app.themes import THEMES  # Textual's list of its themes
    from kbtui.config import show_config

    text, warnings = show_config(getattr(args, "notes", None), THEMES, whole=args.show)
    for warning in warnings:
        _error(warning)
    sys.stdout.write(text)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from kbtui.corpus.notes import read_note_body
    from kbtui.corpus.safety import terminal_safe
    from kbtui.present.page import is_large

    knowledge_base = _knowledge_base(args)
    _sync_if_needed(knowledge_base)
    note = knowledge_base.resolve(args.note)
    text = read_note_body(knowledge_base.notes_root, note.id, with_front_matter=args.plain)
    if args.json:
        from kbtui.corpus.markdown import read_document
        from kbtui.present.json_output import json_text, note_json

        links = [] if is_large(text) else read_document(text).links
        print(json_text(note_json(note, links, knowledge_base.note_links(note.id, links))))
        return EXIT_OK
    if args.plain:
        sys.stdout.write(terminal_safe(text))
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return EXIT_OK
    from rich.text import Text

    from kbtui.corpus.markdown import read_document
    from kbtui.present.linebreak import wrap_text
    from kbtui.present.page import layout
    from kbtui.present.pager import page_text
    from kbtui.present.render import note_header

    console = _stdout_console()
    width = console.width
    lines = [*wrap_text(note_header(note), width), Text("")]
    if is_large(text):  # its source, as the app shows it, through the pager on a terminal
        _error(f"{note.id}: a very large note, shown as its Markdown source")
        header = "\n".join(line.plain.rstrip() for line in lines)
        source = f"{header}\n{terminal_safe(text)}"
        if not (console.is_terminal and page_text(source)):
            sys.stdout.write(source)
        return EXIT_OK
    document = read_document(text)
    links = knowledge_base.note_links(note.id, document.links)
    lines += layout(document, width, link_list=True, links=links).lines
    if console.is_terminal and len(lines) > console.height:
        with console.capture() as captured:
            _print_lines(console, lines)
        if page_text(captured.get()):
            return EXIT_OK
    _print_lines(console, lines)
    return EXIT_OK


def _edit(args: argparse.Namespace) -> int:
    """The note in the user's editor; then a sync, so that a search finds what was written."""
    from kbtui.config import load_config
    from kbtui.editor import run_editor

    knowledge_base = _knowledge_base(args)
    _sync_if_needed(knowledge_base)
    note = knowledge_base.resolve(args.note)
    path = knowledge_base.notes_root / note.id
    if not path.is_file():
        raise KbtuiError(f"{note.id} is no longer in the notes folder (kbtui index updates it)")
    status = run_editor(path, load_config().editor)
    for notice in knowledge_base.sync().notices():
        _error(notice)
    if status:
        _error(f"the editor exited with status {status}")
    return status


def _serve(args: argparse.Namespace) -> int:
    from kbtui.config import resolve_notes_root
    from kbtui.serve import serve

    root = resolve_notes_root(getattr(args, "notes", None))  # a wrong folder is said here, once
    serve(root, args.host, args.port, _error)
    return EXIT_OK


def _print_lines(console, lines) -> None:
    for line in lines:
        line.rstrip()
        console.print(line)
