"""Capacity picture: competency evidence, gaps and technical-assistance needs."""
