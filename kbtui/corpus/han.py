"""Which characters count as Chinese (Han) across kbtui: one definition for every module.

The CJK Unified Ideographs with extension A, the compatibility ideographs, and the
supplementary planes' extensions B onward. Kana, Hangul and full-width punctuation are not Han.
"""

from __future__ import annotations

import re

HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"  # for a [...] class
HAN = re.compile(f"[{HAN_CHARS}]")
# Han and the CJK and full-width punctuation set beside it (，。（）「」): written with no
# spaces around, so a soft line break between two of them is nothing.
CJK_TEXT_CHARS = HAN_CHARS + "\u3000-\u303f\uff00-\uffef"
