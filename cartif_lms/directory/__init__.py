"""Countries, negotiating areas and negotiation designations."""
