"""Data for curriculum: filled in by its issue."""
