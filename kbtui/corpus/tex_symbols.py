"""What each TeX command of a formula reads as in Unicode: the tables of ``formulas``.

Kept apart from the converter because they are data: a command missing here reads as its
own name (``\\foo`` as ``foo``), so a formula never shows a backslash command.
"""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    """A set of command names written as one string, for the tables below to read well."""
    return frozenset(text.split())


GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
    "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
    "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

SYMBOLS = {
    # operators and relations
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "wedge": "∧",
    "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬", "setminus": "∖",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
    "leqslant": "⩽", "geqslant": "⩾", "prec": "≺", "succ": "≻", "triangleq": "≜",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "cup": "∪", "cap": "∩", "bigcup": "⋃", "bigcap": "⋂", "emptyset": "∅",
    "varnothing": "∅", "forall": "∀", "exists": "∃", "nexists": "∄", "mid": "∣",
    "parallel": "∥", "perp": "⊥", "top": "⊤", "bot": "⊥", "vdash": "⊢", "models": "⊨",
    # big operators
    "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭",
    "oint": "∮", "bigoplus": "⨁", "bigotimes": "⨂",
    # arrows
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⇒",
    "impliedby": "⇐", "iff": "⇔", "mapsto": "↦", "longrightarrow": "⟶",
    "longleftarrow": "⟵", "Longrightarrow": "⟹", "uparrow": "↑", "downarrow": "↓",
    "hookrightarrow": "↪", "rightleftharpoons": "⇌",
    # letters and misc
    "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ",
    "Im": "ℑ", "aleph": "ℵ", "prime": "′", "angle": "∠", "triangle": "△", "square": "□",
    "checkmark": "✓", "dagger": "†", "S": "§", "deg": "°", "degree": "°",
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "dotsb": "⋯", "dotsc": "…", "therefore": "∴", "because": "∵",
    # delimiters
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖",
    "|": "‖", "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "backslash": "\\",
    # escaped characters
    "%": "%", "#": "#", "&": "&", "_": "_", "$": "$",
}  # fmt: skip

# Commands that print their name upright: \log x reads "log x".
FUNCTION_NAMES = _names(
    "log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh max min sup inf "
    "lim limsup liminf arg argmax argmin det dim ker deg gcd lcm Pr hom mod bmod tr rank sgn "
    "softmax"
)

# Commands that only space a formula out, or only size a delimiter. \x01 is a space that
# stays when the reading's runs of spaces are made one (a \quad is wider than a space).
SPACES = {",": " ", ":": " ", ";": " ", " ": " ", "quad": "\x01\x01", "qquad": "\x01" * 4, "!": "",
          "enspace": " ", "thinspace": " ", "medspace": " ", "thickspace": " "}  # fmt: skip
SIZERS = _names(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr "
    "displaystyle textstyle scriptstyle limits nolimits nonumber notag"
)

# Commands whose argument is shown as it is, in a font we cannot show.
STYLES = _names(
    "mathrm mathit mathbf mathsf mathtt mathnormal boldsymbol bm textbf textit textrm texttt "
    "textsf emph mathscr mathcal mathfrak operatorname text mbox hbox textnormal"
)
TEXT_STYLES = _names("text mbox hbox textrm textbf textit texttt textsf textnormal emph")

DOUBLE_STRUCK = {
    "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "P": "ℙ", "H": "ℍ", "E": "𝔼", "1": "𝟙",
}  # fmt: skip

# Accents, shown as a combining mark after each character of the argument.
ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "acute": "\u0301", "grave": "\u0300", "check": "\u030c",
    "breve": "\u0306", "underline": "\u0332", "overrightarrow": "\u20d7",
}  # fmt: skip

SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()niTtkxyabcdefghjlmoprsuvwzABDEGHIJKLMNOPRUVW′*",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᵗᵏˣʸᵃᵇᶜᵈᵉᶠᵍʰʲˡᵐᵒᵖʳˢᵘᵛʷᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂ′*",
    strict=True,
))  # fmt: skip
SUBSCRIPTS = dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎", strict=True))

# Matrix-like environments: (left delimiter, right delimiter) of their rows.
MATRICES = {
    "matrix": ("", ""), "smallmatrix": ("", ""), "pmatrix": ("(", ")"),
    "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"), "vmatrix": ("|", "|"),
    "Vmatrix": ("‖", "‖"), "array": ("", ""), "cases": ("{", ""), "dcases": ("{", ""),
}  # fmt: skip
# Environments of aligned equations: cells alternate right- and left-aligned, joined as one.
ALIGNED = _names(
    "aligned align align* alignat split gathered gather gather* eqnarray equation equation* "
    "multline"
)
