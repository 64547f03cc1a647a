"""Implementations of the `gt-tui` subcommands; cli.py only parses and dispatches."""
