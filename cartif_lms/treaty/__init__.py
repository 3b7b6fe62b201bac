"""Treaty text: its notation, defined once, and the Pygments lexer that colours it.

Pure text rules with no Flask and no database, so that ``content`` (lessons) and ``drafting``
(the workbench and ``lms lint-draft``) can both import this package; it imports neither.
"""
