"""The progress screen: my pace and every dataset's status bar."""
