from kbtui.corpus.frontmatter import split_front_matter


def test_front_matter_and_body_are_separated():
    front = split_front_matter("---\ntitle: 标题\ntags: [a, b]\n---\n正文第一行\n")
    assert front.fields == {"title": "标题", "tags": ["a", "b"]}
    assert front.body == "正文第一行\n"
    assert front.body_line == 5
    assert front.problem is None


def test_no_front_matter_keeps_whole_text_as_body():
    front = split_front_matter("# 标题\n\n---\n不是 front matter\n")
    assert front.fields == {}
    assert front.body.startswith("# 标题")


def test_invalid_yaml_is_a_problem_not_an_error():
    front = split_front_matter("---\ntitle: a: b\n---\nbody\n")
    assert front.fields == {}
    assert front.body == "body\n"
    assert "line 2" in front.problem and "not valid YAML" in front.problem


def test_yaml_that_is_not_a_mapping_is_reported():
    front = split_front_matter("---\n- a\n- b\n---\nbody\n")
    assert front.fields == {}
    assert "list" in front.problem


def test_unclosed_front_matter_keeps_everything_as_body():
    front = split_front_matter("---\ntitle: x\nbody without end\n")
    assert front.body.startswith("---")
    assert "never closed" in front.problem


def test_unknown_keys_are_kept():
    front = split_front_matter("---\ntitle: x\nweight: 3\nmood: calm\n---\n")
    assert front.fields["weight"] == 3 and front.fields["mood"] == "calm"


def test_blank_lines_before_front_matter_are_allowed():
    front = split_front_matter("\n\n---\ntitle: 晚开始\n---\n正文\n")
    assert front.fields == {"title": "晚开始"} and front.body == "正文\n"
    assert front.body_line == 6


def test_toml_front_matter():
    front = split_front_matter(
        '+++\ntitle = "TOML 笔记"\ntags = ["a", "b"]\ndate = 2025-01-02\n+++\n正文\n'
    )
    assert front.fields["title"] == "TOML 笔记" and front.fields["tags"] == ["a", "b"]
    assert front.body == "正文\n" and front.problem is None


def test_broken_toml_is_reported_with_its_line():
    front = split_front_matter('+++\ntitle = "ok"\nnot toml at all\ntags = []\n+++\nbody\n')
    assert front.fields == {} and front.body == "body\n"
    assert front.problem.startswith("line 3:")
    assert "TOML" in front.problem


def test_a_date_python_rejects_keeps_the_other_fields():
    for bad in ("2023-02-0 20:16:01", "2023-02-30"):
        front = split_front_matter(f"---\ntitle: 仍然有标题\ndate: {bad}\ntags: [x]\n---\nbody\n")
        assert front.fields["title"] == "仍然有标题" and front.fields["tags"] == ["x"]
        assert front.fields["date"] == bad
        assert front.problem is None  # the date itself is reported by the note loader


def test_bad_indentation_is_reported_with_line():
    front = split_front_matter("---\ntitle: x\n  tags: [a]\n bad: : :\n---\nbody\n")
    assert front.fields == {} and "line" in front.problem and front.body == "body\n"
