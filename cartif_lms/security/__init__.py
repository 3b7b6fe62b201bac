"""Permissions, country scoping, CSRF and response headers."""
