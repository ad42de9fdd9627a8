"""Demo data of the challenge (filled in below)."""
