"""Sign-in, accounts and API tokens."""
