from kbtui.corpus.links import resolve_link


def test_resolve_relative_links():
    assert resolve_link("llm/medusa.md", "投机解码.md") == ("llm/投机解码.md", "")
    assert resolve_link("llm/medusa.md", "../seq/ssm.md#selective") == ("seq/ssm.md", "selective")
    assert resolve_link("llm/medusa.md", "%E6%8A%95.md") == ("llm/投.md", "")
    assert resolve_link("llm/medusa.md", "#section") == ("llm/medusa.md", "section")
    assert resolve_link("llm/medusa.md", "https://example.org") is None
    assert resolve_link("a.md", "../../outside.md") is None
