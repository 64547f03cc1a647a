"""The explorer: every item, filtered and sorted, with claim, takeover and restore."""
