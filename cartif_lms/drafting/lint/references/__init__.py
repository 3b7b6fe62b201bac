"""Cross-references of a draft: one module per kind of reference, and the check that runs them
(``check``)."""

from .check import AGREEMENT_ACRONYMS, CHECK, KINDS, Reference, broken_references, references

__all__ = ["AGREEMENT_ACRONYMS", "CHECK", "KINDS", "Reference", "broken_references", "references"]
