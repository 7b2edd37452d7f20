"""Data for grants: filled in by its issue."""
