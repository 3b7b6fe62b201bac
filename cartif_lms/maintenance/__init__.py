"""Keeping the data: backups and restores of the LMS database."""
