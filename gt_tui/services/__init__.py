"""Business rules: assignment, sampling, curation, derived fields, health."""
