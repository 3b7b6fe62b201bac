"""Progress reports as HTML and PDF: a country's, the regional one, and module handouts."""
