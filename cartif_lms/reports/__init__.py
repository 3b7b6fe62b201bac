"""Dashboards, reports and the charts they draw."""
