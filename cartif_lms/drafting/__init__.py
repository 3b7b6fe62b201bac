"""Drafting workbench: bracketed treaty text, analysis, rubric review, peer review."""
