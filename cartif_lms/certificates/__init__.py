"""Certificates for completed tracks and workshops, and their public verification."""
