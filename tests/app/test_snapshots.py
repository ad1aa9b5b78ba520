"""How the main screens look, at 80x24 and 120x36 (pytest-textual-snapshot).

The article screens show the reading note (tests/data/reading-note.md): a long Chinese
paragraph, formulas inline and on display (a matrix), a wide aligned table, a wide code
block, task boxes and a footnote; "article" shows its start, "article-end" its end.

Snapshots depend on the Textual version, which the test extra pins exactly.
After an intended change of looks: pytest tests/app/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbtui.app.app import KbtuiApp
from kbtui.app.search_bar import SearchBar

SIZES = [(80, 24), (120, 36)]
READING_NOTE = Path(__file__).parent.parent / "data" / "reading-note.md"


@pytest.fixture
def corpus(notes_root, write_note):
    shutil.copy(READING_NOTE, notes_root / "flash.md")
    write_note(
        "seq/ssm.md",
        "状态空间模型（SSM）用线性递推建模序列。Mamba 让参数依赖输入，实现选择性扫描。\n\n"
        "## 离散化\n\n用零阶保持把 $A$、$B$ 离散化：\n\n$$\n\\bar{A} = e^{\\Delta A}\n$$\n\n"
        "```python\ndef scan(x, a, b):\n    h = 0\n    for t in x:\n"
        "        h = a * h + b * t\n    return h\n```\n\n"
        "| 模型 | 训练 | 推理 |\n|---|---|---|\n"
        "| Transformer | 并行 | O(n) 每步 |\n| Mamba | 并行扫描 | O(1) 每步 |\n",
        title="状态空间模型：从 HiPPO、S4 到 Mamba", date="2026-01-11", category="序列模型",
        tags="[SSM, Mamba]",
    )  # fmt: skip
    write_note(
        "search/倒排索引.md",
        "倒排索引把词项映射到包含它的文档列表（posting list），查询时沿倒排链求交集。\n",
        title="倒排索引与正排索引", date="2025-03-08", category="搜索与推荐", tags="[倒排索引]",
    )  # fmt: skip
    write_note(
        "dl/amp.md",
        "混合精度训练用 FP16 计算、FP32 保存主权重，并用 loss scaling 防止梯度下溢。\n",
        title="混合精度训练", date="2025-05-24", category="深度学习基础", tags="[AMP]",
    )  # fmt: skip
    return notes_root


async def settle(pilot) -> None:
    await pilot.app.checked.wait()  # the check of the notes after the first frame
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def open_first(pilot) -> None:
    await pilot.press("enter")


async def open_first_at_its_end(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("G")


async def search_chinese(pilot) -> None:
    await pilot.press("slash")
    pilot.app.query_one(SearchBar).insert_text_at_cursor("索引")


async def open_help(pilot) -> None:
    await pilot.press("question_mark")


async def ask_to_mark_all_read(pilot) -> None:
    await pilot.press("s", "A")  # by title, then the question over it


SCREENS = {
    "feed": None,
    "article": open_first,
    "article-end": open_first_at_its_end,
    "search": search_chinese,
    "help": open_help,
    "mark-all-read": ask_to_mark_all_read,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, corpus, screen, size):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if SCREENS[screen] is not None:
            await SCREENS[screen](pilot)
            await settle(pilot)
        pilot.app.query_one(SearchBar).cursor_blink = False

    assert snap_compare(KbtuiApp(corpus), terminal_size=size, run_before=run_before)
