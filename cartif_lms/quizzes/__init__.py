"""Quiz banks in GIFT format and the quiz engine."""
