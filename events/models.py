"""Data for events: filled in by its issue."""
