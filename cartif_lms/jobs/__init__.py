"""Background jobs: long reports prepared outside the web request (RQ on Redis, or inline)."""
