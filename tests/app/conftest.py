"""The app tests' small knowledge base: three notes, one of them long enough to scroll."""

from __future__ import annotations

import pytest

LONG_BODY = "\n\n".join(
    f"第 {n} 段：关于注意力机制的长篇讨论，足够把屏幕填满。" for n in range(120)
)


@pytest.fixture
def corpus(notes_root, write_note):
    write_note(
        "seq/ssm.md",
        "Mamba 是选择性状态空间模型。\n\n见 [倒排索引](../search/inv.md)。\n",
        title="状态空间模型与 Mamba",
        date="2026-01-11",
        category="序列模型",
        tags="[SSM]",
    )
    write_note(
        "search/inv.md",
        "倒排索引由词典和倒排链组成。\n\n[论文](https://arxiv.org/abs/2312.00752)\n",
        title="倒排索引",
        date="2025-03-08",
        category="搜索与推荐",
        tags="[检索]",
    )
    write_note(
        "dl/long.md",
        "## 开头\n\n" + LONG_BODY + "\n\n## 结尾\n\n最后一段。\n",
        title="一篇很长的笔记",
        date="2025-06-01",
        category="深度学习",
        tags="[SSM]",
    )
    return notes_root
