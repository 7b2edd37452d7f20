from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Provides the ``bench`` management command; no models, no URLs in the site."""

    name = "bench"
    verbose_name = "Benchmarks"
