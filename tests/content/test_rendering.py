"""Trainer-written Markdown renders richly and can never run script in a learner's browser."""

import pytest

from cartif_lms.content import rendering
from cartif_lms.content.rendering import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[click](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="p"><button>Go</button></form>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p onclick="alert(1)" onmouseover="alert(2)">text</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<scr<script>ipt>alert(1)</script>",
    '<a href="vbscript:msgbox(1)">x</a>',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "onmouseover",
    "onload",
    "javascript:",
    "data:",
    "vbscript:",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<input",
    "style=",
    "<style",
    "<meta",
    "<base",
    "<svg",
    "<link",
    "<math",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_active_content_is_neutralised(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter").lower()
    for marker in FORBIDDEN:
        assert marker not in html, (marker, html)
    assert "after" in html


def test_markdown_features_survive_sanitising():
    html = render_markdown(
        "[TOC]\n\n## Transit\n\n| Article | Topic |\n|:--|--:|\n| 11 | transit |\n\n"
        '!!! note "Why it matters"\n    Landlocked countries depend on transit.\n\n'
        "```python\nprint('x')\n```\n\n[WTO](https://www.wto.org)\n"
    )
    assert '<h2 id="transit">Transit</h2>' in html
    assert '<div class="toc">' in html
    assert '<td align="left">11</td>' in html
    assert '<div class="admonition note">' in html
    assert '<div class="highlight">' in html
    assert '<span class="' in html
    assert 'href="https://www.wto.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_the_same_source_is_rendered_only_once(monkeypatch):
    rendering._render_cached.cache_clear()
    calls = []
    original = rendering.sanitise
    monkeypatch.setattr(rendering, "sanitise", lambda html: calls.append(html) or original(html))
    first = render_markdown("Cached **once**.")
    second = render_markdown("Cached **once**.")
    assert first == second
    assert len(calls) == 1


def test_a_table_s_empty_corner_is_a_data_cell_not_a_blank_header():
    html = render_markdown("| | Country A | Country B |\n|---|---|---|\n| BATNA | a | b |\n")
    assert "<th></th>" not in html
    assert "<td></td>" in html
    assert "<th>Country A</th>" in html
