import re

from hypothesis import given
from hypothesis import strategies as st

from kbtui.corpus.formulas import formula_lines, formula_text


def test_powers_roots_and_fractions_read_as_unicode():
    assert formula_text(r"O(N^2)") == "O(N²)"
    assert formula_text(r"\mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right) V") == (
        "softmax(QKᵀ/√d_k) V"
    )
    assert formula_text(r"\sum_k e^{s_k - m}") == "∑_k e^(s_k − m)"
    assert formula_text(r"2^{n-1} + x_1 + x_{ij}") == "2ⁿ⁻¹ + x₁ + x_(ij)"
    assert formula_text(r"\sqrt[3]{x+1}") == "³√(x+1)"


def test_a_fraction_keeps_its_grouping():
    assert formula_text(r"\frac{N - df + 0.5}{df + 0.5}") == "(N − df + 0.5)/(df + 0.5)"
    assert formula_text(r"\frac{1}{\frac{a}{b}}") == "1/(a/b)"


def test_escapes_inside_math_are_the_formula_s_own():
    assert formula_text(r"\|g\|_2") == "‖g‖₂"
    assert formula_text(r"a\,b\;c\!d") == "a b cd"
    assert formula_text(r"dp[i][j] = \max(dp[i-1][j], v)") == "dp[i][j] = max(dp[i−1][j], v)"


def test_fonts_accents_and_text():
    assert formula_text(r"\mathbb{R}^{n \times d}") == "ℝ^(n × d)"
    assert formula_text(r"\hat{\theta} = \arg\max_\theta \log p(x)") == "θ̂ = arg max_θ log p(x)"
    assert formula_text(r"x \in \mathcal{X}, \text{if } x \geq 0") == "x ∈ X, if x ≥ 0"
    assert formula_text(r"\unknownfont{abc} + \mystery") == "abc + mystery"


def test_a_matrix_keeps_its_rows_on_display_and_reads_as_rows_inline():
    assert formula_lines(r"A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \\ 5 & 6 \end{pmatrix}") == (
        "    ⎛ 1  2 ⎞",
        "A = ⎜ 3  4 ⎟",
        "    ⎝ 5  6 ⎠",
    )
    assert formula_text(r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}") == "[a b; c d]"


def test_aligned_equations_and_cases_keep_their_columns():
    assert formula_lines(r"\begin{aligned} a &= b + c \\ &= d \end{aligned}") == (
        "a = b + c",
        "  = d",
    )
    lines = formula_lines(r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{否则} \end{cases}")
    assert lines == ("f(x) = ⎧ x  x > 0", "       ⎩ 0  否则")
    assert formula_lines(r"a = b \\ c = d") == ("a = b", "c = d")


_PIECES = st.sampled_from(
    str.split(
        r"\frac \sqrt \alpha \left( \right) \begin{pmatrix} \end{pmatrix} \begin{cases} & \\ "
        r"^ _ { } x 2 + - \text{中} \mathbb{R} \hat \unknown \, [ ] ( ) \sum \int \\ \end{aligned}"
    )
)


@given(st.lists(_PIECES, max_size=30).map(" ".join))
def test_any_formula_reads_without_a_command_left(tex):
    for text in (formula_text(tex), *formula_lines(tex)):
        assert not re.search(r"\\[A-Za-z]{2,}|[_^]\{", text)
