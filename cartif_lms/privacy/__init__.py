"""A person's data: the download of everything held about them, and its erasure by an
administrator (``services``), both read from one registry of personal tables (``registry``,
``tables``)."""
