"""Screens of the curator workstation; each has its own .tcss next to it."""
