"""The installed `kbtui` command, end to end, as a user runs it."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kbtui.app.keymap import DEFAULT_KEYS
from kbtui.corpus.cells import text_cells
from tests.processes import as_a_user

KBTUI = Path(sys.executable).with_name("kbtui")
ESC = "\x1b"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KBTUI), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def run_on_terminal(*args: str, env: dict | None = None) -> str:
    """Run kbtui with stdout on a pseudo-terminal and return every byte it wrote there."""
    controller, terminal = pty.openpty()
    environment = {
        **os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", "PAGER": "cat",
        **(env or {}),
    }  # fmt: skip
    process = subprocess.Popen(
        [str(KBTUI), *args], stdout=terminal, stderr=subprocess.DEVNULL, env=environment
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def corpus(notes_root, write_note):
    write_note(
        "seq/ssm.md",
        "Mamba 是选择性状态空间模型，线性时间推理。\n",
        title="状态空间模型与 Mamba",
        date="2026-01-11",
        category="序列模型",
        tags="[SSM, Mamba]",
    )
    write_note(
        "search/inv.md",
        "倒排索引由词典和倒排链组成。\n\n```python\nindex = {}\n```\n",
        title="倒排索引",
        date="2025-03-08",
        category="搜索与推荐",
    )
    return notes_root


def test_installed_entry_point_exists():
    assert KBTUI.exists(), "the test command must run in an environment where kbtui is installed"


def test_version_and_help():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("kbtui ")
    result = run()
    assert result.returncode == 0 and "search" in result.stdout and "index" in result.stdout
    for command in ("search", "index", "show"):
        assert run(command, "--help").returncode == 0
        assert run(command, "--version").stdout.startswith("kbtui ")
    assert (
        '"exact phrase"' in run("search", "--help").stdout
        or "phrase" in run("search", "--help").stdout
    )


def test_search_exit_codes(corpus):
    hits = run("search", "--notes", str(corpus), "mamba")
    assert hits.returncode == 0
    assert hits.stdout.splitlines()[0].endswith("状态空间模型与 Mamba")
    none = run("search", "--notes", str(corpus), "不存在的词")
    assert none.returncode == 1 and none.stdout == ""
    assert none.stderr == "kbtui: no notes match 不存在的词\n"  # a person sees why it is quiet
    assert run("search", "--notes", str(corpus)).returncode == 2
    assert run("search", "--notes", str(corpus), "--limit", "0", "x").returncode == 2
    assert run("search", "--notes", str(corpus), "--nonsense", "x").returncode == 2


def test_every_dash_word_is_a_word_to_exclude(corpus, write_note):
    write_note("nv.md", "Mamba 在 NVIDIA 显卡上的 hippo 实现。\n", title="Mamba 与 NVIDIA")
    titles = {}
    for words in (["-nvidia"], ["-hippo"], ["-json"], ["-nvidia", "-n", "5"], ["-n5", "-hippo"]):
        result = run("search", "--notes", str(corpus), "mamba", *words)
        assert result.returncode == 0, (words, result.stderr)
        titles[" ".join(words)] = result.stdout.splitlines()[0]
    assert set(titles.values()) == {" 1. 状态空间模型与 Mamba"}  # the excluded note never shows
    for limit in (["-n", "1"], ["-n1"], ["--limit=1"]):  # the options are still options
        one = run("search", "--notes", str(corpus), *limit, "mamba")
        assert one.returncode == 0 and " 1. " in one.stdout and " 2. " not in one.stdout
    after = run("search", "--notes", str(corpus), "--", "mamba", "-n")
    assert after.returncode == 0  # after --, -n is a word too


def test_a_closed_pipe_stops_quietly_with_success(corpus):
    for args in (["search", "mamba"], ["search", "mamba", "--json"], ["show", "seq/ssm.md"]):
        reader, writer = os.pipe()
        os.close(reader)  # the reader is gone before the first write, as `| head -0` would be
        process = subprocess.run(
            [str(KBTUI), "--notes", str(corpus), *args],
            stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
        os.close(writer)
        assert (process.returncode, process.stderr) == (0, ""), args


def test_a_note_id_is_its_exact_path_and_show_finds_it(notes_root, write_note):
    names = ["设计模式  - 单例.md", "全角\u3000空格.md", "反向\u202e覆盖.md", " 前导空格.md"]
    for name in names:
        write_note(name, "单例模式的一种写法。\n", title=f"单例 {len(name)}")
    result = run("search", "--notes", str(notes_root), "--json", "单例")
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout  # escaped, not raw
    ids = {hit["id"] for hit in json.loads(result.stdout)["hits"]}
    assert ids == set(names)
    for note_id in names:
        shown = run("show", "--notes", str(notes_root), note_id)
        assert shown.returncode == 0 and "单例模式的一种写法" in shown.stdout, note_id
    plain = run("search", "--notes", str(notes_root), "单例").stdout
    assert "设计模式  - 单例.md" in plain and "全角\u3000空格.md" in plain
    assert "\u202e" not in plain  # drawn on a terminal: made safe


def test_an_unreadable_folder_is_named_and_its_notes_kept(corpus, write_note):
    write_note("seq/more.md", "Mamba 的第二篇。\n", title="Mamba 续")
    assert run("index", "--notes", str(corpus)).returncode == 0
    sub, root = corpus / "seq", corpus
    try:
        sub.chmod(0)
        result = as_a_user("index", "--notes", str(corpus))
        assert result.returncode == 2
        assert "cannot read folder seq/: Permission denied; its 2 notes kept" in result.stderr
        assert "0 removed" in result.stdout
        found = as_a_user("search", "--notes", str(corpus), "mamba")
        assert found.returncode == 0 and "Mamba 续" in found.stdout  # kept, still found
        root.chmod(0)
        result = as_a_user("index", "--notes", str(corpus))
        assert result.returncode == 2
        assert f"cannot read the notes folder {corpus}: Permission denied" in result.stderr
        assert "its 3 notes kept as last indexed" in result.stderr
    finally:
        root.chmod(0o755)
        sub.chmod(0o755)
    again = run("index", "--notes", str(corpus))  # readable again: looked at again
    assert again.returncode == 0 and "3 unchanged" in again.stdout and again.stderr == ""


def test_search_json_is_one_documented_object(corpus):
    result = run("search", "--notes", str(corpus), "--json", "索引")
    data = json.loads(result.stdout)
    assert data["query"] == "索引" and data["total"] == 1
    (hit,) = data["hits"]
    assert {"id", "title", "category", "date", "tags", "score", "snippet"} <= set(hit)
    assert hit["id"] == "search/inv.md" and hit["date"] == "2025-03-08"
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end] == "索引"


def test_search_says_which_reading_found_each_hit():
    """Over the bundled notes: a typo, a variant, and a word being typed."""
    result = run("search", "--json", "tranformer")
    data = json.loads(result.stdout)
    assert data["showing_results_for"] == "transformer"
    assert data["hits"][0]["id"] == "sequence/从RNN到Transformer.md"
    assert {hit["reading"] for hit in data["hits"]} == {"fuzzy"}
    assert result.stderr.strip() == "kbtui: showing results for transformer"
    plain = run("search", "tranformer")
    assert "showing results for transformer" in plain.stderr and plain.returncode == 0
    data = json.loads(run("search", "--json", "梯度弥散").stdout)
    assert data["showing_results_for"] is None
    assert data["hits"][0]["reading"] == "synonym"
    data = json.loads(run("search", "--json", "mamba").stdout)
    assert data["hits"][0]["reading"] == "exact"


def test_a_broken_synonyms_entry_is_said_and_the_search_still_runs(isolated_home):
    folder = isolated_home / "config" / "kbtui"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text("synonyms:\n  - 5\n", encoding="utf-8")
    result = run("search", "梯度弥散")
    assert result.returncode == 0 and "从 RNN" in result.stdout
    assert "synonyms group 1" in result.stderr and "shipped synonyms only" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_piped_output_is_plain_text(corpus):
    result = run("search", "--notes", str(corpus), "mamba")
    assert ESC not in result.stdout and ESC not in result.stderr


def test_terminal_output_has_colour_unless_no_color(corpus):
    coloured = run_on_terminal("search", "--notes", str(corpus), "mamba")
    assert "Mamba" in coloured
    assert re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)", coloured)
    plain = run_on_terminal("search", "--notes", str(corpus), "mamba", env={"NO_COLOR": "1"})
    assert "Mamba" in plain
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|4[0-7]|38;|48;)", plain)


def test_search_never_imports_textual(corpus):
    code = (
        "import sys; from kbtui.cli import main; main(['search', '--notes', sys.argv[1], 'mamba']);"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(corpus)], capture_output=True, text=True
    )
    assert result.stdout.strip().endswith("NO-TEXTUAL")


def test_hostile_note_cannot_control_the_terminal(notes_root, write_note):
    write_note(
        "evil.md",
        "mamba 正文 \x1b]52;c;ZXZpbA==\x07 剪贴板 \x1b[31m红色 [bold red]markup[/] \u202e反向\n",
        title='"\\e]0;pwned\\a标题 [link=http://x]点我[/link]"',  # YAML escapes for ESC, BEL
    )
    piped = run("search", "--notes", str(notes_root), "mamba")
    assert piped.returncode == 0
    assert ESC not in piped.stdout and "\u202e" not in piped.stdout
    assert "[bold red]markup[/]" in piped.stdout
    assert "标题 [link=http://x]点我[/link]" in piped.stdout  # the front matter title, as text
    assert "pwned" not in piped.stdout  # the whole OSC sequence is gone, not only its ESC
    on_terminal = run_on_terminal("search", "--notes", str(notes_root), "mamba")
    assert "\x1b]" not in on_terminal  # no OSC: no title, clipboard or hyperlink
    assert "[bold red]markup[/]" in on_terminal
    as_json = run("search", "--notes", str(notes_root), "--json", "mamba")
    assert ESC not in as_json.stdout and "\\u001b" not in as_json.stdout
    shown = run_on_terminal("show", "--notes", str(notes_root), "evil.md")
    assert "\x1b]" not in shown and "\u202e" not in shown
    plain = run("show", "--notes", str(notes_root), "--plain", "evil.md")
    assert ESC not in plain.stdout and "[bold red]markup[/]" in plain.stdout


def test_character_references_cannot_name_a_control_character(notes_root, write_note):
    write_note(
        "refs.md",
        "mamba &#27;[31m红色 &#x9b;2J &#27;]52;c;ZXZpbA==&#7; 剪贴板 [链接](http://x/&#27;[2J)\n",
        title="引用",
    )
    for command in (("search", "mamba"), ("show", "refs.md")):
        shown = run_on_terminal(*command[:1], "--notes", str(notes_root), *command[1:])
        assert "\x1b]" not in shown and "\x1b[31m" not in shown and "\x9b" not in shown
        assert "红色" in shown and "ZXZpbA" not in shown
    as_json = run("search", "--notes", str(notes_root), "--json", "mamba")
    assert "\\u001b" not in as_json.stdout and "\\u009b" not in as_json.stdout


def test_index_reports_what_it_did(corpus):
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    first = run("index", "--notes", str(corpus))
    assert first.returncode == 0
    assert "2 added" in first.stdout and "1 skipped" in first.stdout
    assert "binary.md" in first.stderr and "binary" in first.stderr
    second = run("index", "--notes", str(corpus))
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in second.stdout
    rebuilt = run("index", "--notes", str(corpus), "--rebuild")
    assert "2 added" in rebuilt.stdout


def test_index_lists_the_problems_it_knows_of_once_the_index_is_current(corpus):
    (corpus / "bad.md").write_bytes(b"# bad\n\nbody \xff end\n")
    first = run("index", "--notes", str(corpus))
    again = run("index", "--notes", str(corpus))  # nothing changed since
    for result in (first, again):
        assert result.returncode == 0
        assert "bad.md: invalid UTF-8 at byte 12: replaced with U+FFFD" in result.stderr
    assert "3 added" in first.stdout and "0 added" in again.stdout
    (corpus / "bad.md").write_text("# good\n\nbody\n", encoding="utf-8")
    fixed = run("index", "--notes", str(corpus))
    assert "1 updated" in fixed.stdout and fixed.stderr == ""


def test_show_by_id_title_and_plain(corpus):
    by_title = run("show", "--notes", str(corpus), "状态空间")
    assert by_title.returncode == 0
    assert "状态空间模型与 Mamba" in by_title.stdout and "线性时间推理" in by_title.stdout
    plain = run("show", "--notes", str(corpus), "--plain", "search/inv.md")
    assert plain.stdout == (corpus / "search/inv.md").read_text(encoding="utf-8")
    missing = run("show", "--notes", str(corpus), "没有这篇")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "kbtui: no note matches '没有这篇'"


READING_NOTE = Path(__file__).parent / "data" / "reading-note.md"


def test_show_renders_the_page_at_the_terminal_width_without_trailing_spaces(notes_root):
    shutil.copy(READING_NOTE, notes_root / "flash.md")
    shown = run("show", "--notes", str(notes_root), "flash.md", env={"COLUMNS": "64"}).stdout
    lines = shown.split("\n")
    assert all(text_cells(line) <= 64 for line in lines)
    assert not any(line != line.rstrip() for line in lines)
    assert "    Attention(Q, K, V) = softmax(QKᵀ/√d_k) V" in lines
    assert "☐ 反向：重算注意力矩阵[1]" in lines and "\x1b" not in shown


def test_show_pages_a_long_note_on_a_terminal_through_the_pager(notes_root, tmp_path):
    shutil.copy(READING_NOTE, notes_root / "flash.md")
    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {paged}\ncat >> {paged}\n')
    pager.chmod(0o755)
    shown = run_on_terminal("show", "--notes", str(notes_root), "flash.md",
                            env={"PAGER": str(pager), "LINES": "20"})  # fmt: skip
    text = paged.read_text(encoding="utf-8")
    assert text.startswith("LESS=FRX\n") and "FlashAttention" in text and "\x1b[" in text
    assert "FlashAttention" not in shown  # it went to the pager, not past it
    short = run_on_terminal("show", "--notes", str(notes_root), "flash.md",
                            env={"PAGER": str(pager), "LINES": "200"})  # fmt: skip
    assert "FlashAttention" in short  # a note that fits the screen is printed


def test_notes_root_from_environment_and_clear_errors(corpus, tmp_path):
    from_env = run("search", "mamba", env={"KBTUI_NOTES": str(corpus)})
    assert from_env.returncode == 0 and "Mamba" in from_env.stdout
    missing = run("search", "--notes", str(tmp_path / "nowhere"), "x")
    assert missing.returncode == 2
    assert missing.stderr.startswith("kbtui: notes folder not found:")
    assert "Traceback" not in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


def test_bundled_notes_are_the_default():
    result = run("search", "--json", "mamba")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert data["hits"][0]["id"] == "sequence/ssm-hippo-s4-mamba.md"


def test_python_dash_m_works(corpus):
    result = subprocess.run(
        [sys.executable, "-m", "kbtui", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "kbtui" in result.stdout


def test_show_keeps_templates_as_text_and_reads_html_for_its_text(notes_root, write_note):
    body = "{{ site.title }} [[WikiLink]]\n\n<div>raw html</div>\n\ninline <b>tag</b> <T>\n"
    write_note("tpl.md", body, title="模板")
    shown = run("show", "--notes", str(notes_root), "tpl.md").stdout
    for text in ("{{ site.title }} WikiLink\n", "\nraw html\n", "inline tag <T>"):
        assert text in shown
    assert "<div>" not in shown and "<b>" not in shown and "[[" not in shown
    assert "✗ WikiLink  WikiLink (no such note)" in shown  # the link list says it leads nowhere


def test_a_huge_limit_means_every_note(corpus):
    for limit in ("2147483648", "9223372036854775806", "99999999999999999999"):
        result = run("search", "--notes", str(corpus), "-n", limit, "倒排索引 OR mamba")
        assert result.returncode == 0 and result.stdout.count("\n\n") == 1, result.stderr


def shell(command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """A command line run by sh, for what only a shell can do to the standard streams."""
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "KBTUI": str(KBTUI), **(env or {})})  # fmt: skip


def test_standard_streams_closed_or_full_are_no_crash_and_no_lie(corpus):
    notes = f"--notes '{corpus}'"
    full_stderr = shell(f'"$KBTUI" search {notes} mambx -n 1 2>/dev/full')  # a notice to say
    assert full_stderr.returncode == 0 and "Mamba" in full_stderr.stdout
    no_stderr = shell(f'"$KBTUI" search {notes} mambx --json 2>&-')
    assert no_stderr.returncode == 0 and json.loads(no_stderr.stdout)["hits"]  # JSON, nothing else
    for command in ("search mamba", "show seq/ssm.md", "show seq/ssm.md --plain", "index"):
        no_stdout = shell(f'"$KBTUI" {command} {notes} >&-')
        assert no_stdout.returncode == 2, command
        assert no_stdout.stderr == "kbtui: standard output is closed: nowhere to print to\n"
    no_stdin = shell(f'"$KBTUI" {notes} <&-')
    assert no_stdin.returncode == 0 and "usage: kbtui" in no_stdin.stdout


def test_the_app_refuses_to_start_blind_when_stderr_is_not_the_terminal(corpus, tmp_path):
    controller, terminal = pty.openpty()
    errors = tmp_path / "errors"
    with open(errors, "w") as stderr:
        process = subprocess.run([str(KBTUI), "--notes", str(corpus)], stdin=terminal,
                                 stdout=terminal, stderr=stderr, timeout=60)  # fmt: skip
    os.close(terminal)
    os.close(controller)
    assert process.returncode == 2
    assert "the app draws on standard error, which is not the terminal" in errors.read_text()


def test_odd_settings_get_a_message_or_a_fallback(corpus, isolated_home):
    assert "Mamba" in run("search", "--notes", str(corpus), "mamba", env={"COLUMNS": "0"}).stdout
    screen = run_on_terminal("show", "--notes", str(corpus), "seq/ssm.md", env={"PAGER": 'less "'})
    assert "选择性状态空间模型" in screen  # printed without the pager it cannot run
    for value in ("", " "):
        empty = run("--notes", value, "search", "mamba")
        assert empty.returncode == 2 and "--notes needs a folder" in empty.stderr
    config = isolated_home / "config" / "kbtui" / "config.yaml"
    config.parent.mkdir(parents=True)
    for text, said in ((b"\xff\xfe", "not UTF-8"), (b"notes: [a, b]\n", "'notes' must be")):
        config.write_bytes(text)
        result = run("search", "mamba")
        assert result.returncode == 2 and said in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_punctuation_an_ime_types_separates_words(corpus):
    def total(query):
        result = run("search", "--notes", str(corpus), "--json", query)
        return json.loads(result.stdout)["total"] if result.returncode == 0 else result.returncode

    assert total("mamba，") == total("mamba,") == total("什么是mamba？") == total("mamba")
    assert total("倒排索引、词典") == total("倒排索引 词典")
    assert total("。") == total("「」") == 2  # nothing to search for, as "[" is


def test_show_prints_a_very_large_note_as_its_source(notes_root, write_note):
    write_note("big.md", "## 一节\n\n" + "很长的一段 **粗体** 文字。\n\n" * 20_000, title="很大")
    result = run("show", "--notes", str(notes_root), "big.md")
    assert result.returncode == 0
    assert "big.md: a very large note, shown as its Markdown source" in result.stderr
    assert result.stdout.startswith("很大\n") and "很长的一段 **粗体** 文字。" in result.stdout


def test_config_says_where_it_lives_and_show_prints_every_setting_and_key(isolated_home):
    config = isolated_home / "config" / "kbtui" / "config.yaml"
    assert run("config").stdout == f"{config}\n"
    shown = run("config", "--show")
    assert shown.returncode == 0 and shown.stderr == ""
    assert f"# config file: {config} (none yet: all defaults)" in shown.stdout
    defaults = yaml.safe_load(shown.stdout)  # YAML a config file may hold
    assert defaults["theme"] == "textual-dark" and defaults["synonyms"] == []
    assert defaults["keys"]["help"] == "?" and defaults["keys"]["back"] == "[,backspace"
    assert set(defaults["keys"]) == set(DEFAULT_KEYS)
    assert all(f"  # {section}" in shown.stdout for section in ("Anywhere", "Feed", "Article"))

    config.parent.mkdir(parents=True)
    config.write_text(
        "theme: no-theme\nsynonyms: [[炼丹, 调参]]\n"
        "keys:\n  mark_all_read: ctrl+a\n  next_unread: [., ',']\n  bogus: x\n  sort: alt+s\n",
        encoding="utf-8",
    )
    shown = run("config", "--show")
    assert shown.returncode == 0
    values = yaml.safe_load(shown.stdout)
    assert values["keys"]["mark_all_read"] == "ctrl+a" and values["keys"]["sort"] == "s"
    assert values["keys"]["next_unread"] == ".,comma"
    assert values["theme"] == "textual-dark" and values["synonyms"] == [["炼丹", "调参"]]
    warnings = shown.stderr.splitlines()
    assert len(warnings) == 3 and all(line.startswith("kbtui: config ") for line in warnings)
    assert "no theme 'no-theme'" in warnings[0] and "no action 'bogus'" in warnings[1]
    assert "'alt+s' ignored: kbtui reads Alt+key as Esc" in warnings[2]
    config.write_text("keys: [\n")
    broken = run("config", "--show")
    assert broken.returncode == 2 and len(broken.stderr.splitlines()) == 1


def test_the_app_is_handed_the_config_files_keys_and_theme(isolated_home):
    from kbtui.config import app_config

    config = isolated_home / "config" / "kbtui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("theme: nord\nkeys:\n  quit: ctrl+x\n  nothing: y\n")
    _, keys, theme, _, problems = app_config()
    assert (keys, theme) == ({"quit": "ctrl+x"}, "nord")
    assert len(problems) == 1 and "no action 'nothing'" in problems[0]


def test_config_show_names_the_editor_in_effect_and_what_chose_it(isolated_home):
    environ = {"VISUAL": "", "EDITOR": ""}  # empty is unset, as for git
    shown = run("config", "--show", env={**environ, "EDITOR": "myed --wait"}).stdout
    assert "editor: null  # in effect: myed --wait (from $EDITOR)\n" in shown
    config = isolated_home / "config" / "kbtui" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("editor: code -w\n", encoding="utf-8")
    shown = run("config", "--show", env=environ).stdout
    assert yaml.safe_load(shown)["editor"] == "code -w"
    assert "# in effect: code -w (from editor: in the config file)" in shown
