"""Start-up: the app, its one start path, themes, keymap and the collector settings."""
