"""The queue (home) screen: my assigned drafts and the way to get more work."""
