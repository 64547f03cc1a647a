"""The Textual curator workstation. Knows services, never repos."""
