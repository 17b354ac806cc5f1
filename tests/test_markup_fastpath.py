"""The renderer's shortcut for plain one-line text gives exactly what Python-Markdown would."""
from hypothesis import given, settings, strategies as st

from generator.markup import Where, _convert, _simple, markdown_html, sanitise

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(list("-+*#>1.) _[]<>&!{}'\"")), min_size=1, max_size=60)


def slow(source: str, inline: bool) -> str:
    out = sanitise(_convert(source, Where(), headings=False)[0])
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


@settings(max_examples=500)
@given(TEXT.map(str.strip).filter(bool), st.booleans())
def test_plain_text_renders_as_python_markdown_would(source, inline):
    if _simple(source):
        assert markdown_html(source, inline=inline) == slow(source, inline)


def test_the_shortcut_is_taken_for_plain_text_only():
    assert _simple("Send a short thank-you note today, then rest.")
    for markdown in ("*soon*", "1. first", "- item", "# heading", "[link](https://example.org/)", "a & b", "x {y}", "  indented"):
        assert not _simple(markdown), markdown
