"""The item screen and what only it uses: sections over one ItemDraft, decisions,
journal, and its own dialogs."""
