"""A small Obsidian-style vault, written by the tests that need one: a language folder per
half (``en/``, ``zh/``), wikilinks in every form, an embed of a note and of a picture, a link
to a heading, two notes with the same name, and a link to a note that does not exist."""

from __future__ import annotations

from pathlib import Path

VAULT_NOTES = {
    ".obsidian/app.json": "{}",
    "en/Attention.md": (
        "# Attention\n\n"
        "Attention is the core of the [[Transformer]]; see [[transformer|the model]] and its "
        "[[Transformer#Positional encoding]]. 中文笔记在 [注意力](../zh/注意力.md)。\n\n"
        "![[Softmax]]\n\n![[diagram.png]]\n\n"
        "A link to nothing: [[Missing note]]. Back to [[#Attention]].\n"
    ),
    "en/deep/Transformer.md": (
        "# Transformer\n\nEncoder and decoder stacks.\n\n"
        + "\n\n".join(f"Paragraph {n} about layers." for n in range(40))
        + "\n\n## Positional encoding\n\nSines and cosines.\n"
    ),
    "en/Softmax.md": "# Softmax\n\nNormalises scores into probabilities.\n",
    "zh/深度/Softmax.md": "# Softmax（中文）\n\n把分数归一化为概率。\n",
    "zh/注意力.md": (
        "---\ntitle: 注意力机制\n---\n\n注意力让模型关注输入的不同部分，参见 [[Attention]]、"
        "[[Softmax]] 和 [[深度/Softmax|中文的 Softmax]]。\n"
    ),
}


def write_vault(root: Path) -> Path:
    for relative, text in VAULT_NOTES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
