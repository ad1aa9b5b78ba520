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
# Morphemes that combine into the long tail of a real vocabulary (参数服务, 在线检索...).
_ZH_MORPHEMES = """
参数 服务 在线 离线 稀疏 稠密 局部 全局 动态 静态 分布 概率 条件 随机 近似 精确 增量 全量
检索 查询 文档 词典 倒排 正排 过滤 打分 粗排 精排 重排 曝光 点击 转化 用户 物品 行为 偏好
图像 视频 语音 文本 序列 状态 空间 时间 频率 信号 噪声 扩散 流 对比 生成 判别 重建 编码
权重 偏置 初始化 正则 裁剪 调度 预热 衰减 动量 自适应 混合 精度 溢出 下溢 缩放 累加 同步
异步 节点 集群 分片 副本 日志 监控 告警 部署 服务化 接口 协议 格式 存储 压缩 序列化 反序列化
函数 变量 对象 类型 作用域 闭包 模块 包 解释器 字节码 编译 链接 调试 断点 异常 测试 覆盖率
坐标 向量积 点积 叉积 多边形 凸包 区间 前缀 后缀 滑动 窗口 双指针 并查集 拓扑 最短路 生成树
"""
_EN_VOCABULARY = """
PyTorch CUDA kernel tensor batch epoch optimizer scheduler checkpoint gradient backward forward
attention transformer encoder decoder embedding token vocabulary softmax logits sampling beam
FlashAttention Mamba S4 HiPPO DDP NCCL AllReduce BF16 FP16 LoRA Medusa EAGLE speculative draft
HNSW IVF PQ BM25 posting recall ranking latency throughput cache shard replica pipeline
numpy pandas asyncio dataclass functools itertools pytest pdb gc refcount MRO
"""
# Parts that combine into identifiers (prefetch_queue, warmupSteps, ring_buffer...) and plain words.
_EN_PARTS = """
load save read write fetch prefetch queue buffer ring pool thread worker task job step steps
warmup decay rate size length width height depth head heads layer layers block blocks dim hidden
state states mask masks score scores weight weights bias scale shift norm mean std var loss
train eval test valid split merge sort search index query doc docs term terms field fields
node nodes edge edges graph tree leaf root parent child left right start end begin stop min max
sum count total avg ratio prob log exp sqrt clip pad crop resize rotate flip sample samples
config option flag path file dir name key value item items list dict set map table row column
client server request response retry timeout error handler callback event stream chunk page
"""
ZH_WORDS = _ZH_VOCABULARY.split()
EN_WORDS = _EN_VOCABULARY.split()
_ZH_PARTS = _ZH_MORPHEMES.split()
_EN_PART_WORDS = _EN_PARTS.split()


def _vocabulary(seed: int) -> tuple[list[str], list[str]]:
    """Chinese and English words, most common first: the named topics, then a long tail of
    compounds and identifiers, so term statistics fall off as in real notes (Zipf-like)."""
    rng = random.Random(seed)
    zh = ZH_WORDS + _ZH_PARTS
    zh += sorted({a + b for a in _ZH_PARTS for b in _ZH_PARTS if a != b and rng.random() < 0.2})
    en = EN_WORDS + _EN_PART_WORDS
    pairs = [(a, b) for a in _EN_PART_WORDS for b in _EN_PART_WORDS if a != b]
    for a, b in rng.sample(pairs, 3000):
        en.append(f"{a}_{b}" if rng.random() < 0.5 else a + b.capitalize())
    return zh, en


def _zipf_picker(words: list[str]):
    """A function rng -> word, the word at rank r drawn with weight 1 / r."""
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cumulative.append(total)

    def pick(rng: random.Random) -> str:
        return rng.choices(words, cum_weights=cumulative)[0]

    return pick


_ZH_ALL, _EN_ALL = _vocabulary(7)
zh_word = _zipf_picker(_ZH_ALL)
en_word = _zipf_picker(_EN_ALL)
PUNCT = ["，", "。", "、", "；", "："]


def sentence(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(6, 18)):
        parts.append(en_word(rng) if rng.random() < 0.25 else zh_word(rng))
        if rng.random() < 0.15:
            parts.append(rng.choice(PUNCT[:3]))
    text = "".join(p if not p.isascii() else f" {p} " for p in parts)
    return " ".join(text.split()) + "。"


def block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.12:
        name = en_word(rng).lower()
        factor, comment = rng.randint(2, 9), zh_word(rng)
        return f"```python\ndef {name}(x):\n    return x * {factor}  # {comment}\n```"
    if kind < 0.2:
        return f"$$\n{rng.choice('abcxyz')} = \\sum_{{i=1}}^{{{rng.randint(2, 99)}}} w_i x_i\n$$"
    if kind < 0.25:
        rows = [f"| {en_word(rng)} | {rng.randint(1, 999)} | {zh_word(rng)} |" for _ in range(4)]
        return "| 名称 | 数值 | 说明 |\n|---|---|---|\n" + "\n".join(rows)
    if kind < 0.35:
        return f"## {zh_word(rng)}与 {en_word(rng)}"
    return "".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def note_text(rng: random.Random, number: int) -> str:
    target = min(50_000, max(200, int(rng.lognormvariate(8.0, 0.8))))  # median ~3 KB
    title = f"{zh_word(rng)}{zh_word(rng)}：{en_word(rng)} 笔记 {number}"
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
