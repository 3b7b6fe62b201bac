"""Curriculum as files: tracks, modules and items, their sync and their rendering."""
