"""Peer matching: ``service`` (runs, pins, swaps, publishing) and ``algorithm`` (pure Python)."""
