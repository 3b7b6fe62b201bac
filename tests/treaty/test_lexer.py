"""TreatyLexer: obligation strength, brackets, defined terms and structure in treaty drafts; its
CSS classes, stylesheet and legend partial."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from jinja2 import Environment, FileSystemLoader, PrefixLoader
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename, get_lexer_for_mimetype
from pygments.token import (
    STANDARD_TYPES,
    Error,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    String,
    Text,
)

from cartif_lms.treaty.legend import install_legend
from cartif_lms.treaty.lexer import (
    TOKEN_CSS_CLASSES,
    Alternative,
    Attribution,
    Bracket,
    Bracketed,
    DefinedTerm,
    Heading,
    Modal,
    ParagraphNumber,
    TreatyHtmlFormatter,
    TreatyLexer,
)
from cartif_lms.treaty.notation import OBLIGATION_STRENGTH

REPO = Path(__file__).resolve().parents[2]
CSS = REPO / "cartif_lms" / "static" / "treaty.css"
LEGEND = REPO / "templates" / "content" / "_treaty_legend.html"
NOTATION = REPO / "cartif_lms" / "treaty" / "notation.py"  # the legend's rows come from there

TRANSIT_CLAUSE = """\
Article 7
Freedom of Transit
1. Each Party [shall / shall endeavour to] accord to "goods in transit" treatment no less \
favourable than [that accorded to [its own goods] / like domestic goods].
2. [KZ: Fees] [Proposed: AZ, GE: Charges] imposed on transit shall not exceed the cost of \
services rendered.
3. A Party may require a guarantee; it should be released without delay, and the Parties will \
cooperate and use best endeavours to ..."""

NESTED = "Each Party [shall [endeavour to] / may] notify."
UNCLOSED = "1. Each Party shall [notify the other Party\n(a) of any [change / amendment"
STRAY = "Each Party shall ] notify."

#: Every input the tests lex: none may produce an Error token or lose a character.
SAMPLES = [
    TRANSIT_CLAUSE,
    NESTED,
    UNCLOSED,
    STRAY,
    "[[[[deep]]]] ]]] [[ It must be so.",
    'A "lonely quote and “another [one"] ” / / and/or',
    "ARTICLE 5 bis\nSection II\n  (b)(ii) text\n2.3 text\nPart III: Final provisions",
    "shallow mayor willing mustard shoulder endeavourer bestendeavours",
    "[KZ: shall / AZ: may] [Proposed: AZ, GE] [Delegation A: text] [the following: text]",
    "On 1 May 2024 the Parties may meet; May 2024 is a month.",
    '\t(iv)\t\n\n  \n[\n]\n/\n"\n\u201c\n',
]


def lex(text: str) -> list[tuple]:
    return list(TreatyLexer().get_tokens(text))


def marked(text: str) -> list[tuple]:
    """The tokens that are not plain Text, whitespace-only bracketed runs left out."""
    return [
        (ttype, value)
        for ttype, value in lex(text)
        if ttype is not Text and not (ttype in Bracketed and not value.strip())
    ]


def type_of(text: str, value: str):
    """The token type of the first token whose value is ``value``."""
    for ttype, token_value in lex(text):
        if token_value == value:
            return ttype
    raise AssertionError(f"no token {value!r} in {lex(text)!r}")


# --- Modal verbs ------------------------------------------------------------------------------


MODALS = [
    ("Each Party shall notify.", "shall", Modal.Shall),
    ("Each Party shall not discriminate.", "shall not", Modal.ShallNot),
    ("Each Party must notify.", "must", Modal.Must),
    ("Each Party may notify.", "may", Modal.May),
    ("Each Party should notify.", "should", Modal.Should),
    ("The Parties will cooperate.", "will", Modal.Will),
    ("The Parties endeavour to notify.", "endeavour", Modal.Endeavour),
    ("The Parties endeavor to notify.", "endeavor", Modal.Endeavour),
    ("Each Party endeavours to notify.", "endeavours", Modal.Endeavour),
    ("Each Party endeavors to notify.", "endeavors", Modal.Endeavour),
    ("use best endeavours to", "best endeavours", Modal.Endeavour),
    ("use best endeavors to", "best endeavors", Modal.Endeavour),
    ("use best efforts to", "best efforts", Modal.Endeavour),
]


@pytest.mark.parametrize(("text", "word", "expected"), MODALS)
def test_each_modal_verb_is_one_token_of_its_own_type(text, word, expected):
    assert marked(text) == [(expected, word)]


def test_the_seven_obligation_strengths_have_seven_distinct_types():
    types = {
        Modal.Shall,
        Modal.ShallNot,
        Modal.Must,
        Modal.May,
        Modal.Should,
        Modal.Will,
        Modal.Endeavour,
    }
    assert len(types) == 7
    assert all(t in Modal for t in types)
    assert len({TOKEN_CSS_CLASSES[t] for t in types}) == 7


def test_shall_not_wins_over_shall_and_is_one_token():
    assert marked("Fees shall not exceed the cost.") == [(Modal.ShallNot, "shall not")]
    assert marked("Fees SHALL  NOT exceed.") == [(Modal.ShallNot, "SHALL  NOT")]
    assert marked("Fees shall\nnot exceed.") == [(Modal.ShallNot, "shall\nnot")]
    # "not" must be a whole word too: "shall notify" is a plain obligation.
    assert marked("Each Party shall notify.") == [(Modal.Shall, "shall")]
    assert marked("Each Party shall nothing.") == [(Modal.Shall, "shall")]


def test_best_endeavours_is_one_token_not_best_plus_endeavours():
    assert marked("use best endeavours to") == [(Modal.Endeavour, "best endeavours")]
    assert marked("use Best  Efforts to") == [(Modal.Endeavour, "Best  Efforts")]
    assert marked("the best outcome") == []


def test_shall_endeavour_reads_as_one_best_effort_phrase():
    assert marked("Each Party shall endeavour to notify.") == [
        (Modal.Endeavour, "shall endeavour"),
    ]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Shall", "Shall", Modal.Shall),
        ("SHALL", "SHALL", Modal.Shall),
        ("Shall Not", "Shall Not", Modal.ShallNot),
        ("May a Party", "May", Modal.May),
        ("MUST", "MUST", Modal.Must),
        ("Should", "Should", Modal.Should),
        ("WILL", "WILL", Modal.Will),
        ("Endeavour", "Endeavour", Modal.Endeavour),
        ("BEST ENDEAVOURS", "BEST ENDEAVOURS", Modal.Endeavour),
    ],
)
def test_modal_verbs_are_case_insensitive(text, word, expected):
    assert type_of(text, word) is expected


@pytest.mark.parametrize(
    "word",
    [
        "shallow",
        "mayor",
        "willing",
        "mustard",
        "shoulder",
        "dismay",
        "goodwill",
        "mayhem",
        "endeavourer",
        "bestendeavours",
        "shalls",
        "shall_",
        "may2",
    ],
)
def test_modal_verbs_match_whole_words_only(word):
    tokens = lex(f"the {word} text")
    assert [t for t, _v in tokens if t is not Text] == []
    assert (Text, word) in tokens


def test_the_month_may_is_not_a_permission():
    assert marked("On 1 May 2024 the Parties met.") == []
    assert marked("In May 2024 the Parties met.") == []
    assert marked("In May 2024 the Parties may meet.") == [(Modal.May, "may")]


# --- Brackets ---------------------------------------------------------------------------------


def test_bracketed_text_has_its_own_type():
    assert lex("a [b c] d") == [
        (Text, "a"),
        (Text, " "),
        (Bracket, "["),
        (Bracketed, "b"),
        (Bracketed, " "),
        (Bracketed, "c"),
        (Bracket, "]"),
        (Text, " "),
        (Text, "d"),
        (Text, "\n"),
    ]


def test_nested_brackets_keep_the_bracketed_type_with_a_depth_two_subtype():
    tokens = lex("[one [two [three] two] one] zero")
    depth_of = {v: t for t, v in tokens if v.strip() and t is not Bracket}
    assert depth_of["one"] is Bracketed
    assert depth_of["two"] is Bracketed.Nested
    assert depth_of["three"] is Bracketed.Nested
    assert depth_of["zero"] is Text
    # Nested is a Bracketed: code asking "is this text bracketed?" still says yes at depth 2.
    assert Bracketed.Nested in Bracketed
    assert [v for t, v in tokens if t is Bracket] == ["[", "[", "[", "]", "]", "]"]


def test_modals_inside_brackets_are_still_modals_with_alternatives_between_them():
    assert lex("[shall / may]")[:-1] == [
        (Bracket, "["),
        (Modal.Shall, "shall"),
        (Bracketed, " "),
        (Alternative, "/"),
        (Bracketed, " "),
        (Modal.May, "may"),
        (Bracket, "]"),
    ]
    assert marked(NESTED) == [
        (Bracket, "["),
        (Modal.Shall, "shall"),
        (Bracket, "["),
        (Modal.Endeavour, "endeavour"),
        (Bracketed.Nested, "to"),
        (Bracket, "]"),
        (Alternative, "/"),
        (Modal.May, "may"),
        (Bracket, "]"),
    ]


def test_the_slash_is_an_alternative_only_between_spaces_inside_brackets():
    assert (Alternative, "/") not in lex("goods / services")
    assert (Alternative, "/") not in lex("[and/or]")
    assert (Bracketed, "/") in lex("[and/or]")
    assert [t for t, v in lex("[a / b [c / d]]") if v == "/"] == [Alternative, Alternative]


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("[KZ: Fees]", "KZ:", "Fees"),
        ("[Proposed: AZ, GE]", "Proposed:", "AZ, GE"),
        ("[Delegation A: text]", "Delegation A:", "text"),
        ("[Proposed by KZ: text]", "Proposed by KZ:", "text"),
        ("[Proposed: AZ, GE: Charges]", "Proposed: AZ, GE:", "Charges"),
        ("[ KZ: text]", "KZ:", "text"),
    ],
)
def test_attribution_at_the_start_of_a_bracket(text, label, rest):
    tokens = lex(text)
    assert tokens[0] == (Bracket, "[")
    assert [v for t, v in tokens if t is Attribution] == [label]
    assert "".join(v for t, v in tokens if t is Bracketed).strip() == rest


def test_attribution_opens_an_alternative_and_a_nested_bracket():
    assert [v for t, v in lex("[KZ: shall / AZ: may]") if t is Attribution] == ["KZ:", "AZ:"]
    assert [v for t, v in lex("[text [CN: more]]") if t is Attribution] == ["CN:"]


@pytest.mark.parametrize(
    "text",
    ["[the following: text]", "x KZ: text", "[text KZ: more]", "[10:30]", "[see http://x]"],
)
def test_no_attribution_elsewhere(text):
    assert Attribution not in {t for t, _v in lex(text)}


def test_an_unclosed_bracket_brackets_the_rest_of_the_text():
    tokens = lex(UNCLOSED)
    opening = tokens.index((Bracket, "["))
    assert {t for t, _v in tokens[:opening]} == {Text, ParagraphNumber, Modal.Shall}
    after = tokens[opening + 1 :]
    assert Text not in {t for t, _v in after}  # nothing after the "[" falls back to plain text
    assert {t for t, v in after if v.strip()} == {
        Bracket,
        Bracketed,
        Bracketed.Nested,
        ParagraphNumber,
        Alternative,
    }
    assert (ParagraphNumber, "(a)") in after  # structure is still shown inside the bracket
    assert (Bracketed.Nested, "amendment") in after
    assert (Bracketed, "notify") in after


def test_a_stray_closing_bracket_is_a_bracket_and_the_text_goes_on():
    assert lex(STRAY) == [
        (Text, "Each"),
        (Text, " "),
        (Text, "Party"),
        (Text, " "),
        (Modal.Shall, "shall"),
        (Text, " "),
        (Bracket, "]"),
        (Text, " "),
        (Text, "notify"),
        (Text, "."),
        (Text, "\n"),
    ]


@pytest.mark.parametrize("text", SAMPLES)
def test_no_error_tokens(text):
    assert not [(t, v) for t, v in lex(text) if t in Error]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_lexer_is_lossless(text):
    lexer = TreatyLexer()
    assert "".join(v for _t, v in lexer.get_tokens(text)) == text.strip("\n") + "\n"
    assert "".join(v for _p, _t, v in lexer.get_tokens_unprocessed(text)) == text


# --- Defined terms ----------------------------------------------------------------------------


def test_quoted_defined_terms_with_straight_and_curly_quotes():
    text = 'For "goods in transit" and \u201ccustoms authority\u201d, see [\u201cfees\u201d].'
    assert [v for t, v in lex(text) if t is DefinedTerm] == [
        '"goods in transit"',
        "\u201ccustoms authority\u201d",
        "\u201cfees\u201d",
    ]


def test_a_lone_quote_does_not_swallow_the_text():
    tokens = lex('A "lonely quote, then [shall]\nand "more" text')
    assert (Modal.Shall, "shall") in tokens
    assert [v for t, v in tokens if t is DefinedTerm] == ['"more"']


# --- Structure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Article 5", "Article 5"),
        ("ARTICLE 5", "ARTICLE 5"),
        ("Article 5.2", "Article 5.2"),
        ("Article 5 bis", "Article 5 bis"),
        ("Chapter 3", "Chapter 3"),
        ("Section II", "Section II"),
        ("Annex 1", "Annex 1"),
        ("Annex 1-A", "Annex 1-A"),
        ("Part III", "Part III"),
        ("  Article 12", "Article 12"),
        ("Article 7: Freedom of Transit", "Article 7"),
        ("Article 7 \u2013 Freedom of Transit", "Article 7"),
    ],
)
def test_headings(line, heading):
    assert [(t, v) for t, v in lex(f"Intro.\n{line}\nText.") if t is Heading] == [
        (Heading, heading)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Article 5 of this Agreement applies.",
        "as set out in Article 5",
        "Part of the goods",
        "Section 2 shall apply",
    ],
)
def test_references_to_articles_in_sentences_are_not_headings(text):
    assert Heading not in {t for t, _v in lex(text)}


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("1. Each Party", "1."),
        ("2.3 Each Party", "2.3"),
        ("2.3. Each Party", "2.3."),
        ("(a) goods", "(a)"),
        ("(iv) goods", "(iv)"),
        ("(b)(ii) goods", "(b)(ii)"),
        ("    (c) indented", "(c)"),
        ("3.", "3."),
    ],
)
def test_paragraph_numbers_at_the_start_of_a_line(line, number):
    tokens = lex(f"Intro.\n{line}")
    assert [v for t, v in tokens if t is ParagraphNumber] == [number]


@pytest.mark.parametrize(
    "text", ["see paragraph (a) above", "12 goods", "Intro 1. text", "(the Parties) agree"]
)
def test_no_paragraph_number_elsewhere(text):
    assert ParagraphNumber not in {t for t, _v in lex(text)}


# --- A realistic clause -----------------------------------------------------------------------


def test_the_transit_clause():
    assert marked(TRANSIT_CLAUSE) == [
        (Heading, "Article 7"),
        (ParagraphNumber, "1."),
        (Bracket, "["),
        (Modal.Shall, "shall"),
        (Alternative, "/"),
        (Modal.Endeavour, "shall endeavour"),
        (Bracketed, "to"),
        (Bracket, "]"),
        (DefinedTerm, '"goods in transit"'),
        (Bracket, "["),
        (Bracketed, "that"),
        (Bracketed, "accorded"),
        (Bracketed, "to"),
        (Bracket, "["),
        (Bracketed.Nested, "its"),
        (Bracketed.Nested, "own"),
        (Bracketed.Nested, "goods"),
        (Bracket, "]"),
        (Alternative, "/"),
        (Bracketed, "like"),
        (Bracketed, "domestic"),
        (Bracketed, "goods"),
        (Bracket, "]"),
        (ParagraphNumber, "2."),
        (Bracket, "["),
        (Attribution, "KZ:"),
        (Bracketed, "Fees"),
        (Bracket, "]"),
        (Bracket, "["),
        (Attribution, "Proposed: AZ, GE:"),
        (Bracketed, "Charges"),
        (Bracket, "]"),
        (Modal.ShallNot, "shall not"),
        (ParagraphNumber, "3."),
        (Modal.May, "may"),
        (Modal.Should, "should"),
        (Modal.Will, "will"),
        (Modal.Endeavour, "best endeavours"),
    ]


# --- Pygments integration ---------------------------------------------------------------------


def test_pygments_finds_the_lexer_through_the_entry_point():
    assert isinstance(get_lexer_by_name("treaty"), TreatyLexer)
    assert isinstance(get_lexer_for_filename("transit.treaty"), TreatyLexer)
    assert isinstance(get_lexer_for_mimetype("text/x-treaty"), TreatyLexer)
    assert TreatyLexer.name == "Treaty text"


def test_css_classes_are_readable_unique_and_clash_with_no_pygments_class():
    classes = list(TOKEN_CSS_CLASSES.values())
    assert len(set(classes)) == len(classes)
    assert all(re.fullmatch(r"treaty-[a-z0-9-]+", c) for c in classes)
    assert not set(STANDARD_TYPES.values()) & set(classes)


def standard_parent(ttype):
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return ttype


def test_every_treaty_token_is_a_subtype_of_a_standard_pygments_type():
    """Standard styles colour a token by its nearest standard ancestor, so none may be plain."""
    expected = {
        Heading: Generic.Heading,
        ParagraphNumber: Number,
        Bracket: String.Delimiter,
        Bracketed: String,
        Bracketed.Nested: String,
        Alternative: Operator.Word,
        Attribution: Name.Attribute,
        DefinedTerm: Name.Constant,
        **{ttype: Keyword for ttype in TOKEN_CSS_CLASSES if ttype in Modal},
    }
    assert {ttype: standard_parent(ttype) for ttype in TOKEN_CSS_CLASSES} == expected
    assert not set(TOKEN_CSS_CLASSES) & set(STANDARD_TYPES)  # Pygments' own table is untouched


def test_every_emitted_type_has_a_css_class():
    emitted = {t for text in SAMPLES for t, _v in lex(text)}
    assert emitted - {Text} <= set(TOKEN_CSS_CLASSES)
    assert set(TOKEN_CSS_CLASSES) <= emitted  # and every class is reachable


def span_classes(html: str) -> list[str]:
    return re.findall(r'<span class="([^"]*)"', html)


def test_the_app_formatter_writes_exactly_the_readable_class_names():
    html = highlight(TRANSIT_CLAUSE + "\n4. It must be so.", TreatyLexer(), TreatyHtmlFormatter())
    assert html.startswith('<div class="highlight"><pre>')
    used = set(span_classes(html))
    assert used == set(TOKEN_CSS_CLASSES.values())
    assert '<span class="treaty-shall-not">shall not</span>' in html
    assert '<span class="treaty-endeavour">best endeavours</span>' in html
    assert '<span class="treaty-attribution">Proposed: AZ, GE:</span>' in html
    assert '<span class="treaty-bracketed-2">its own goods</span>' in html
    assert "Treaty" not in html  # no generated "-Treaty-Modal-Shall" style names


def test_plain_pygments_html_keeps_the_standard_classes_that_stylesheets_colour():
    html = highlight("Each Party [KZ: shall] notify.", TreatyLexer(), HtmlFormatter())
    assert '<span class="k k-Treaty k-Treaty-Modal k-Treaty-Modal-Shall">shall</span>' in html
    assert '<span class="na na-Treaty">KZ:</span>' in html
    assert "treaty-" not in html


def pygmentize(tmp_path: Path, *options: str) -> str:
    """What ``pygmentize -l treaty <options> transit.treaty`` prints (``python -m pygments`` is
    the same program), finding the lexer through the installed entry point."""
    sample = tmp_path / "transit.treaty"
    sample.write_text(TRANSIT_CLAUSE + "\n4. It must be so.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pygments", "-l", "treaty", *options, str(sample)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def one_token_of_each_kind() -> dict:
    """{token type: its longest value} in the sample pygmentize reads."""
    kinds: dict = {}
    for ttype, value in lex(TRANSIT_CLAUSE + "\n4. It must be so.\n"):
        if ttype is not Text and len(value.strip()) > len(kinds.get(ttype, "").strip()):
            kinds[ttype] = value
    assert set(kinds) == set(TOKEN_CSS_CLASSES)
    return kinds


@pytest.mark.parametrize("style", ["default", "friendly"])
def test_pygmentize_colours_every_kind_of_token_in_a_256_colour_terminal(tmp_path, style):
    shown = pygmentize(tmp_path, "-f", "terminal256", "-O", f"style={style}")
    for ttype, value in one_token_of_each_kind().items():
        coloured = re.escape("\x1b[38;5;") + r"\d+(?:;\d+)*m" + re.escape(value)
        assert re.search(coloured, shown), f"{ttype} {value!r} is not coloured"


def test_pygmentize_styles_every_kind_of_token_in_a_16_colour_terminal(tmp_path):
    shown = pygmentize(tmp_path, "-f", "terminal")
    for ttype, value in one_token_of_each_kind().items():
        assert re.search(r"\x1b\[[\d;]+m" + re.escape(value), shown), f"{ttype} {value!r}"


def test_pygmentize_html_page_colours_every_kind_of_token_through_its_stylesheet(tmp_path):
    page = pygmentize(tmp_path, "-f", "html", "-O", "full")
    coloured = {
        name for name, rule in re.findall(r"body \.([\w-]+) \{([^}]*)\}", page) if "color" in rule
    }
    spans = [classes.split() for classes in span_classes(page)]
    assert spans
    assert all(coloured & set(classes) for classes in spans), spans
    # Pygments names a subtype after its standard ancestor: Keyword.Treaty.Modal.Shall is
    # "k k-Treaty k-Treaty-Modal k-Treaty-Modal-Shall".
    own = {classes[-1] for classes in spans}
    for ttype in TOKEN_CSS_CLASSES:
        parent = standard_parent(ttype)
        assert "-".join([STANDARD_TYPES[parent], *ttype[len(parent) :]]) in own, ttype


def test_pygmentize_html_with_inline_styles_colours_every_kind_of_token(tmp_path):
    page = pygmentize(tmp_path, "-f", "html", "-O", "noclasses")
    styled = [
        html.unescape(text)
        for text in re.findall(r'<span style="color: #[0-9A-Fa-f]+[^"]*">([^<]*)</span>', page)
    ]
    for ttype, value in one_token_of_each_kind().items():
        assert any(value in text for text in styled), f"{ttype} {value!r} has no inline colour"


def test_a_treaty_fence_in_a_lesson_keeps_its_classes_through_the_sanitiser():
    from cartif_lms.content.rendering import render_markdown

    html = render_markdown(f"Read:\n\n```treaty\n{TRANSIT_CLAUSE}\n4. It must be so.\n```\n")
    assert '<div class="highlight">' in html
    assert set(span_classes(html)) == set(TOKEN_CSS_CLASSES.values())


# --- Legend data ------------------------------------------------------------------------------


def test_obligation_strength_lists_every_modal_class_in_order_of_strength():
    assert [c for c, _l, _m in OBLIGATION_STRENGTH] == [
        "treaty-shall",
        "treaty-shall-not",
        "treaty-must",
        "treaty-may",
        "treaty-should",
        "treaty-will",
        "treaty-endeavour",
    ]
    assert {c for c, _l, _m in OBLIGATION_STRENGTH} == {
        c for t, c in TOKEN_CSS_CLASSES.items() if t in Modal
    }


@pytest.mark.parametrize(("css_class", "label", "_meaning"), OBLIGATION_STRENGTH)
def test_each_legend_label_lexes_to_its_own_class(css_class, label, _meaning):
    for word in label.split(" / "):
        tokens = lex(word)
        assert len(tokens) == 2, tokens  # the verb and the final newline
        assert TOKEN_CSS_CLASSES[tokens[0][0]] == css_class


# --- Stylesheet -------------------------------------------------------------------------------


def css_rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                declarations[name.strip()] = value.strip()
        rules.append(([s.strip() for s in selectors.split(",")], declarations))
    return rules


def screen_and_print() -> tuple[str, str]:
    css = CSS.read_text(encoding="utf-8")
    screen, _at, print_block = css.partition("@media print")
    return screen, print_block


def declarations_for(rules, selector: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for selectors, declarations in rules:
        if selector in selectors:
            merged.update(declarations)
    return merged


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("css_class", sorted(TOKEN_CSS_CLASSES.values()))
def test_every_class_is_styled_for_text_and_legend_with_aa_contrast(css_class):
    screen, _print = screen_and_print()
    rules = css_rules(screen)
    text = declarations_for(rules, f".highlight .{css_class}")
    assert text == declarations_for(rules, f".treaty-legend .{css_class}")
    colour = text["color"]
    assert re.fullmatch(r"#[0-9a-f]{6}", colour)
    backgrounds = [text.get("background-color", "#ffffff")]
    if "background-color" not in text:  # it may stand inside a bracket of either depth
        backgrounds += [
            declarations_for(rules, f".highlight .{c}")["background-color"]
            for c in ("treaty-bracketed", "treaty-bracketed-2")
        ]
    for background in backgrounds:
        assert contrast(colour, background) >= 4.5, (css_class, colour, background)


def test_obligation_strengths_stay_apart_in_black_and_white_print():
    _screen, print_block = screen_and_print()
    rules = css_rules(print_block)
    assert declarations_for(rules, '.highlight [class*="treaty-"]') == {"color": "#000000"}

    def look(css_class: str) -> tuple:
        return tuple(sorted(declarations_for(rules, f".highlight .{css_class}").items()))

    looks = {meaning: look(c) for c, _label, meaning in OBLIGATION_STRENGTH}
    assert all(looks.values())
    assert len(set(looks.values())) == len(looks)  # shall and must share "binding obligation"
    assert look("treaty-shall") == look("treaty-must")
    assert look("treaty-bracketed") != look("treaty-bracketed-2")


# --- Legend partial ---------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.append((tag, name, value))

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())


def render_legend(gettext) -> str:
    env = Environment(
        loader=PrefixLoader({"lms": FileSystemLoader(str(REPO / "templates"))}),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
    )
    env.install_gettext_callables(gettext, lambda s, p, n: s if n == 1 else p, newstyle=True)
    install_legend(env)
    page = env.from_string('<main>{% include "lms/content/_treaty_legend.html" %}</main>')
    return page.render()


def test_the_legend_is_an_includable_partial_with_every_string_translated():
    html = render_legend(lambda s: f"\u27e6{s}\u27e7")
    parsed = _Collector()
    parsed.feed(html)
    glyphs = {"[", "]", "/"}
    assert [t for t in parsed.texts if t not in glyphs and not re.fullmatch(r"⟦.*⟧", t)] == []
    labels = [value for _tag, name, value in parsed.attributes if name == "aria-label"]
    assert labels
    assert all(v.startswith("\u27e6") for v in labels)
    # Content-Security-Policy "style-src 'self'": no inline styles, no <style> element.
    assert not [a for a in parsed.attributes if a[1] == "style"]
    assert "<style" not in html


def test_the_legend_explains_every_class_and_repeats_the_obligation_strengths_in_order():
    html = render_legend(lambda s: s)
    classes = set()
    for value in re.findall(r'class="([^"]*)"', html):
        classes.update(value.split())
    assert set(TOKEN_CSS_CLASSES.values()) <= classes
    rows = re.findall(
        r'<dt><span class="treaty-swatch (treaty-[a-z-]+)">([^<]*)</span></dt>\s*<dd>([^<]*)</dd>',
        html,
    )
    obligation_rows = [r for r in rows if r[0] in {c for c, _l, _m in OBLIGATION_STRENGTH}]
    assert obligation_rows == OBLIGATION_STRENGTH


def test_the_legend_strings_are_extracted_for_translators():
    extracted = [*extract_from_file("jinja2", LEGEND), *extract_from_file("python", NOTATION)]
    messages = {message for _line, message, _comments, _context in extracted}
    for _css, label, meaning in OBLIGATION_STRENGTH:
        assert label in messages
        assert meaning in messages


def test_the_legend_renders_inside_the_application(tmp_path):
    from flask import render_template_string

    from cartif_lms import create_app

    app = create_app(
        {
            "LMS_ENV": "testing",
            "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'lms.db'}",
            "LMS_SECRET_KEY": "x" * 48,
        }
    )
    try:
        with app.test_request_context("/"):
            html = render_template_string('{% include "lms/content/_treaty_legend.html" %}')
    finally:
        app.extensions["cartif_lms"].engine.dispose()
    assert (
        '<span class="treaty-swatch treaty-shall-not">shall not / must not / may not</span>' in html
    )
    assert "binding prohibition" in html


@pytest.mark.parametrize(
    "phrase",
    [
        "shall endeavour",
        "shall endeavor",
        "shall use best endeavours",
        "shall use its best efforts",
        "Shall Endeavour",
    ],
)
def test_shall_endeavour_is_best_effort_not_a_binding_shall(phrase):
    tokens = [
        (t, v) for t, v in TreatyLexer().get_tokens(f"Each Party {phrase} to publish.") if v.strip()
    ]
    modal = [(t, v) for t, v in tokens if t in Modal]
    assert modal == [(Modal.Endeavour, phrase)]


@pytest.mark.parametrize("phrase", ["must not", "may not", "shall not"])
def test_must_not_and_may_not_are_prohibitions(phrase):
    tokens = [
        (t, v) for t, v in TreatyLexer().get_tokens(f"A Party {phrase} impose fees.") if t in Modal
    ]
    assert tokens == [(Modal.ShallNot, phrase)]
