"""Linting treaty drafts: the checks behind the drafting workbench and ``lms lint-draft``.

Pure functions over the text of a draft (no Flask, no database). ``analyse(text)`` runs every
check of ``registry.CHECKS`` and ``Analysis.to_json()`` is the public report; ``decode_draft``
(uploaded bytes) and ``check_draft_text`` (text from a form) are the input checks both front
ends share (``intake``). One module per check -- ``brackets``, ``passages``, ``modals``,
``terms``, ``references`` (one resolver per kind of reference), ``sentences`` -- each with its
rules in its docstring; what a heading, a paragraph number, a bracket, an attribution or a
modal verb is comes from ``cartif_lms.treaty.notation``, which the lexer colours by.

Every check is linear in the length of the text (bar a small factor), so a 200 KB draft takes
well under a second.
"""

from .brackets import MAX_PASSAGE_DEPTH, BracketReport, check_brackets
from .intake import MAX_DRAFT_BYTES, DraftRejected, check_draft_text, decode_draft
from .modals import MODAL_KEYS, STRENGTH, group_by_strength, modal_verbs
from .passages import Passage, bracketed_passages
from .references import AGREEMENT_ACRONYMS, Reference, broken_references
from .report import Analysis, analyse
from .sentences import LongSentence, long_sentences
from .structure import Position
from .terms import KNOWN_NAMES, NOT_TERM_WORDS, DefinedTerms, defined_terms

__all__ = [
    "AGREEMENT_ACRONYMS",
    "KNOWN_NAMES",
    "MAX_DRAFT_BYTES",
    "MAX_PASSAGE_DEPTH",
    "MODAL_KEYS",
    "NOT_TERM_WORDS",
    "STRENGTH",
    "Analysis",
    "BracketReport",
    "DefinedTerms",
    "DraftRejected",
    "LongSentence",
    "Passage",
    "Position",
    "Reference",
    "analyse",
    "bracketed_passages",
    "broken_references",
    "check_brackets",
    "check_draft_text",
    "decode_draft",
    "defined_terms",
    "group_by_strength",
    "long_sentences",
    "modal_verbs",
]
