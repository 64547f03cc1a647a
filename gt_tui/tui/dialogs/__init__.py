"""Dialogs shared by the feature packages: confirm, edit conflict, help, undo."""
