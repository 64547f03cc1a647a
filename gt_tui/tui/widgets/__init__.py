"""Reusable widgets of the curator workstation."""
