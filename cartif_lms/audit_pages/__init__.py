"""The audit trail's pages: administrators read every entry, a focal point their own country's
(``/audit``), filtered and paginated, and download what they see as CSV."""
