"""One treaty notation: the lexer, the draft linter and the colour key read the same rules, so
what is coloured as a heading is what lint-draft resolves references against, and the legend
lists exactly the table of obligation strength."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, PrefixLoader

from cartif_lms.drafting.lint import bracketed_passages, broken_references
from cartif_lms.drafting.lint.references import references
from cartif_lms.drafting.lint.structure import structure_of
from cartif_lms.treaty.legend import LEGEND_GLOBAL, install_legend
from cartif_lms.treaty.lexer import Attribution, Bracket, Heading, TreatyLexer
from cartif_lms.treaty.notation import MODAL_VERBS, OBLIGATIONS, STRENGTHS

REPO = Path(__file__).resolve().parents[2]

#: Lines that are headings, lines that only look like them, and references in running text.
SAMPLES = [
    "Article 5",
    "ARTICLE 5",
    "Article 5 bis",
    "  Article 12",
    "[Article 5 bis",
    "[[ARTICLE 2 - DEFINITIONS",
    "[Article 6 bis]",
    "Article 7: Freedom of Transit",
    "Article 7 \u2013 Freedom of Transit",
    "Chapter 3\nSection II\nAnnex 1-A\nPart III",
    "article 5",
    "article 5.",
    "1. As provided in\narticle 5, each Party shall notify.",
    "Article 5 of this Agreement applies.",
    "as set out in Article 5",
    "It applies. Article 5 applies too.",
    "Part of the goods",
    "Section 2 shall apply",
    "Article 4: Relation to Article 8",
    "1. See Articles 1 and 2, article 3(b) and Art. 4.",
    "Article v\nArticle a",
]


def lexer_headings(text: str) -> list[tuple[int, str]]:
    return [(i, v) for i, t, v in TreatyLexer().get_tokens_unprocessed(text) if t is Heading]


def linter_headings(text: str) -> list[tuple[int, str]]:
    return [(start, text[start:end]) for start, end in structure_of(text).heading_spans]


@pytest.mark.parametrize("text", SAMPLES)
def test_what_the_lexer_colours_as_a_heading_is_what_the_linter_reads_as_one(text):
    assert lexer_headings(text) == linter_headings(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_no_reference_the_linter_resolves_is_coloured_as_a_heading(text):
    headings = [(i, i + len(v)) for i, v in lexer_headings(text)]
    for start, end in references(text):
        assert all(end <= h_start or h_end <= start for h_start, h_end in headings), text[start:end]


def test_lower_case_article_at_a_line_start_is_a_reference_not_a_heading():
    """The old disagreement: the lexer coloured "article 5" as a heading, the linter did not see
    that article and called "Article 5" broken. Now neither reads it as a heading."""
    text = "article 5\n1. Text.\nArticle 6\n1. See Article 5."
    assert lexer_headings(text) == [(19, "Article 6")]
    assert [r.ref for r in broken_references(text)] == ["article 5", "Article 5"]
    assert [text[a:b] for a, b in references(text)] == ["article 5", "Article 5"]


def test_a_wrapped_lower_case_reference_is_resolved_and_never_a_heading():
    text = "Article 5\n1. Text.\nArticle 6\n1. As provided in\narticle 5, each Party acts."
    assert [v for _i, v in lexer_headings(text)] == ["Article 5", "Article 6"]
    assert broken_references(text) == []
    assert [r.ref for r in broken_references(text.replace("article 5,", "article 9,"))] == [
        "article 9"
    ]


def test_capitalised_and_upper_case_headings_are_both_headings_to_both():
    text = "ARTICLE 1\n1. Text.\nArticle 2\n1. See Article 1 and ARTICLE 2."
    assert [v for _i, v in lexer_headings(text)] == ["ARTICLE 1", "Article 2"]
    assert broken_references(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "[KZ: Fees]",
        "[AZ, GE: Charges]",
        "[KZ and AZ: Charges]",
        "[Proposed: AZ, GE: Charges]",
        "[Proposed: AZ, GE]",
        "[Proposed by KZ: Fees]",
        "[Delegation A: Fees / Charges]",
        "[Note: to be discussed]",
        "[Drafting Note: later]",
        "[Option 1: a / Option 2: b]",
        "[Article 5: text]",
        "[Proposal: text]",
        "[KZ:Fees]",
        "[the following: Fees]",
        "[text [CN: more]]",
    ],
)
def test_the_lexer_colours_an_attribution_where_the_linter_reads_one(text):
    tokens = list(TreatyLexer().get_tokens_unprocessed(text))
    opened = [i for i, t, v in tokens if t is Bracket and v == "["]
    coloured = {
        opening
        for opening in opened
        if any(t is Attribution for i, t, _v in tokens if opening < i <= opening + 2)
    }
    attributed = {
        structure_of(text).starts[p.start.line - 1] + p.start.col - 1
        for p in bracketed_passages(text)
        if p.attribution
    }
    assert coloured == attributed


# --- The colour key ---------------------------------------------------------------------------


def render_legend(table=None) -> str:
    env = Environment(
        loader=PrefixLoader({"lms": FileSystemLoader(str(REPO / "templates"))}),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
    )
    env.install_gettext_callables(lambda s: s, lambda s, p, n: s if n == 1 else p, newstyle=True)
    install_legend(env)
    if table is not None:
        env.globals[LEGEND_GLOBAL] = table
    return env.from_string('{% include "lms/content/_treaty_legend.html" %}').render()


def obligation_rows(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<dt><span class="treaty-swatch (treaty-[a-z-]+)">([^<]*)</span></dt>\s*<dd>([^<]*)</dd>',
        html,
    )


def test_the_legend_lists_exactly_the_table_of_obligation_strength():
    rows = obligation_rows(render_legend())
    modal_classes = {o.css_class for o in OBLIGATIONS}
    assert [r for r in rows if r[0] in modal_classes] == [
        (o.css_class, o.label, o.strength.meaning) for o in OBLIGATIONS
    ]
    shown = {meaning for css, _label, meaning in rows if css in modal_classes}
    assert shown == {strength.meaning for strength in STRENGTHS}
    assert {verb.obligation for verb in MODAL_VERBS} == set(OBLIGATIONS)


def test_the_legend_is_drawn_from_the_table_not_written_in_the_template():
    modal_classes = {o.css_class for o in OBLIGATIONS}

    def modal_rows(table) -> list[str]:
        return [r[0] for r in obligation_rows(render_legend(table)) if r[0] in modal_classes]

    assert modal_rows(OBLIGATIONS[:2]) == ["treaty-shall", "treaty-shall-not"]
    assert modal_rows(()) == []
    template = (REPO / "templates" / "content" / "_treaty_legend.html").read_text("utf-8")
    for obligation in OBLIGATIONS:
        assert f'_("{obligation.label}")' not in template
        assert f'_("{obligation.meaning}")' not in template


def test_the_notation_package_imports_neither_content_nor_drafting():
    for path in (REPO / "cartif_lms" / "treaty").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
            elif isinstance(node, ast.Import):
                module = ",".join(alias.name for alias in node.names)
            else:
                continue
            assert not re.search(r"(^\.\.|cartif_lms\.)(content|drafting)", module), (path, module)
