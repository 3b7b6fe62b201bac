"""Hybrid workshops: sessions across time zones, places, attendance, calendars, feedback."""
