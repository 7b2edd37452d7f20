"""The benchmark harness behind ``python manage.py bench`` (see docs/performance.md)."""
