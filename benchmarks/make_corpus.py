"""Write a seeded synthetic knowledge base of N notes for measuring kbtui.

    python benchmarks/make_corpus.py 10000 /tmp/kb-10k

The same N and seed always give the same files. Notes mix Chinese and English
technical prose with front matter, code blocks, formulas and tables, in nested
folders, with sizes from a few hundred bytes to tens of kilobytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CATEGORIES = [
    "深度学习基础",
    "大模型推理",
    "生成模型",
    "序列模型",
    "搜索与推荐",
    "计算机视觉",
    "算法",
    "Python",
]
_ZH_VOCABULARY = """
模型 训练 推理 梯度 显存 注意力 索引 召回 排序 向量 矩阵 卷积 张量 优化器 学习率 损失 批量 并行
通信 延迟 吞吐 缓存 分块 采样 解码 量化 蒸馏 剪枝 特征 嵌入 编码器 解码器 残差 归一化 激活
数据集 标注 评估 指标 实验 复现 论文 公式 推导 证明 复杂度 递归 动态规划 回溯 贪心 二分 哈希
链表 树 图 堆 队列 栈 字符串 数组 进程 线程 协程 内存 垃圾回收 引用计数 装饰器 生成器 迭代器
"""
_EN_VOCABULARY = """
PyTorch CUDA kernel tensor batch epoch optimizer scheduler checkpoint gradient backward forward
attention transformer encoder decoder embedding token vocabulary softmax logits sampling beam
FlashAttention Mamba S4 HiPPO DDP NCCL AllReduce BF16 FP16 LoRA Medusa EAGLE speculative draft
HNSW IVF PQ BM25 posting recall ranking latency throughput cache shard replica pipeline
numpy pandas asyncio dataclass functools itertools pytest pdb gc refcount MRO
"""
ZH_WORDS = _ZH_VOCABULARY.split()
EN_WORDS = _EN_VOCABULARY.split()
PUNCT = ["，", "。", "、", "；", "："]


def sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(6, 18)):
        parts.append(rng.choice(EN_WORDS) if rng.random() < 0.25 else rng.choice(ZH_WORDS))
        if rng.random() < 0.15:
            parts.append(rng.choice(PUNCT[:3]))
    text = "".join(p if not p.isascii() else f" {p} " for p in parts)
    return " ".join(text.split()) + "。"


def block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        name = rng.choice(EN_WORDS).lower()
        factor, comment = rng.randint(2, 9), rng.choice(ZH_WORDS)
        return f"```python\ndef {name}(x):\n    return x * {factor}  # {comment}\n```"
    if kind < 0.2:
        return f"$$\n{rng.choice('abcxyz')} = \\sum_{{i=1}}^{{{rng.randint(2, 99)}}} w_i x_i\n$$"
    if kind < 0.25:
        rows = [
            f"| {rng.choice(EN_WORDS)} | {rng.randint(1, 999)} | {rng.choice(ZH_WORDS)} |"
            for _ in range(4)
        ]
        return "| 名称 | 数值 | 说明 |\n|---|---|---|\n" + "\n".join(rows)
    if kind < 0.35:
        return f"## {rng.choice(ZH_WORDS)}与 {rng.choice(EN_WORDS)}"
    return "".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def note_text(rng: random.Random, number: int) -> str:
    target = min(50_000, max(200, int(rng.lognormvariate(8.0, 0.8))))  # median ~3 KB
    title = f"{rng.choice(ZH_WORDS)}{rng.choice(ZH_WORDS)}：{rng.choice(EN_WORDS)} 笔记 {number}"
    day = f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    tags = ", ".join(rng.sample(EN_WORDS, 2) + rng.sample(ZH_WORDS, 1))
    category = rng.choice(CATEGORIES)
    head = f'---\ntitle: "{title}"\ndate: {day}\ncategory: {category}\ntags: [{tags}]\n---\n'
    blocks, size = [], len(head.encode())
    while size < target:
        piece = block(rng)
        blocks.append(piece)
        size += len(piece.encode()) + 2
    return head + "\n\n".join(blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=20261124)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for number in range(args.count):
        folder = args.folder / f"area-{number % 16:02d}" / f"topic-{number % 97:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{number:06d}.md").write_text(note_text(rng, number), encoding="utf-8")
    print(f"wrote {args.count} notes to {args.folder}")


if __name__ == "__main__":
    main()
