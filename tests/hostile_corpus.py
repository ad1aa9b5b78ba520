"""A hostile knowledge base, generated (never committed as binary files).

    python tests/hostile_corpus.py /tmp/hostile     # to look at it, or to point kbtui at it

Every case that issue-tracker reports and real note repositories have shown to
break note tools: broken front matter, odd encodings, odd names, template
syntax, terminal escape sequences and Rich markup in every field, a huge note.
``EXPECTED_SKIPS`` names the files that must be skipped (with their reason);
every other file must be indexed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ESCAPES = (
    "\x1b]0;PWNED-TITLE\x07\x1b]52;c;UFdORUQ=\x07\x1b]8;;http://evil.example/\x07link\x1b]8;;\x07"
)
COLOURS = "\x1b[31;1mRED\x1b[0m\x9b2J"
BIDI = "\u202egnp.exe\u202c"
MARKUP = "[bold red]markup[/] [link=http://evil.example]click[/link]"

FRONT_MATTER = {
    "fm/colon-in-title.md": b"---\ntitle: Mamba: a selective SSM\n---\nhostilecase\n",
    "fm/bad-indent.md": b"---\ntitle: x\n  tags: [a]\n bad: : :\n---\nhostilecase\n",
    "fm/yaml-string.md": b"---\njust a string\n---\nhostilecase\n",
    "fm/yaml-list.md": b"---\n- a\n- b\n---\nhostilecase\n",
    "fm/date-valueerror.md": b"---\ntitle: ValueError date\ndate: 2023-02-0 20:16:01\n---\nhostilecase\n",
    "fm/date-fullwidth.md": "---\ntitle: 全角日期\ndate: ２０２５-０３-０８\n---\nhostilecase\n".encode(),
    "fm/date-slash.md": b"---\ntitle: slash date\ndate: 2025/03/08 10:30\n---\nhostilecase\n",
    "fm/date-chinese.md": "---\ntitle: 中文日期\ndate: 2025年3月8日\n---\nhostilecase\n".encode(),
    "fm/tags-empty.md": b"---\ntitle: empty tags\ntags:\n---\nhostilecase\n",
    "fm/tags-string.md": b"---\ntitle: one tag\ntags: python\n---\nhostilecase\n",
    "fm/blank-first.md": b"\n---\ntitle: blank first line\n---\nhostilecase\n",
    "fm/never-closed.md": b"---\ntitle: never closed\nhostilecase\n",
    "fm/toml.md": b'+++\ntitle = "TOML note"\ndate = 2025-01-02\n+++\nhostilecase\n',
}  # fmt: skip

ENCODINGS = {
    "enc/bom.md": "\ufeff# 带 BOM 的标题\nhostilecase\n".encode(),
    "enc/crlf.md": b"# CRLF title\r\nhostilecase\r\n",
    "enc/bad-utf8.md": b"# bad bytes\nhostilecase \xff\xfe\xfa here\n",
    "enc/utf16.md": "# UTF-16 标题\nhostilecase\n".encode("utf-16"),
    "enc/binary.md": bytes(range(256)) * 4,
    "enc/empty.md": b"",
}

EXPECTED_SKIPS = {"enc/binary.md": "binary file, not text"}


def escapes_note() -> bytes:
    front = (
        "---\n"
        f'title: "\\e]0;PWNED-TITLE\\a标题 {MARKUP}"\n'
        f'category: "\\e[31m分类\\e[0m"\n'
        f'tags: ["\\e]52;c;UFdORUQ=\\a标签", "{MARKUP}"]\n'
        "---\n"
    )
    body = (
        f"hostilecase 正文 {ESCAPES} {COLOURS} {BIDI} {MARKUP}\n\n"
        f"## 小节 {ESCAPES}\n\n```python\nprint('{COLOURS}')\n```\n\n"
        f"| a | b |\n|---|---|\n| {MARKUP} | {BIDI} |\n\n[链接]({ESCAPES})\n"
    )
    return (front + body).encode()


def write_hostile_corpus(root: Path) -> list[str]:
    """Write every case under root; returns the ids of all files written."""
    files: dict[str, bytes] = {**FRONT_MATTER, **ENCODINGS}
    files["esc/escapes.md"] = escapes_note()
    files[f"esc/name {BIDI}.md"] = b"# bidi file name\nhostilecase\n"
    files["esc/[bold]markup-name[/bold].md"] = b"# markup file name\nhostilecase\n"
    files["tpl/templates.md"] = (
        b"# templates\n{{ site.title }} {% include x.html %} [[WikiLink]] <!-- more -->\n"
        b"<div class='x'>raw html</div> <script>alert(1)</script> hostilecase\n"
    )
    files["tpl/fence-title.md"] = b"```\n# not the title\n```\n# the title\nhostilecase\n"
    for name in ("with space", "pipe|name", "colon:name", "quote'\"name", "100%", "中文 名字",
                 "emoji 🚀", "Case", "case"):  # fmt: skip
        files[f"names/{name}.md"] = f"# {name}\nhostilecase\n".encode()
    files["/".join(f"d{n}" for n in range(20)) + "/deep.md"] = b"# deep\nhostilecase\n"
    paragraph = "很长的笔记，讨论注意力与显存。" * 30 + "\n\n"
    files["big/huge.md"] = ("# 巨大的笔记\n\n" + paragraph * 700 + "hostilecase\n").encode()
    files["big/many-blocks.md"] = "".join(f"- 列表项 {n}\n" for n in range(3000)).encode()
    # Nesting that would take a recursive reader past Python's limit, and dates no index holds.
    files["deep/quotes.md"] = ("# 深引用\n\n" + ">" * 1000 + " hostilecase\n").encode()
    files["deep/lists.md"] = "".join("  " * n + "- hostilecase\n" for n in range(1000)).encode()
    files["fm/date-9999.md"] = b"---\ntitle: far future\ndate: 9999-12-31\n---\nhostilecase\n"
    files["fm/date-0001.md"] = b"---\ntitle: year one\ndate: 0001-01-01\n---\nhostilecase\n"
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    loop = root / "loop"
    if not loop.exists():
        loop.symlink_to(root)  # a folder that contains itself
    return sorted(files)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-notes")
    written = write_hostile_corpus(target)
    print(f"wrote {len(written)} hostile notes to {target}")
