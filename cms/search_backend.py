"""Wagtail's database search backend, with each language's PostgreSQL text-search
configuration on PostgreSQL.

Wagtail's PostgreSQL backend indexes and queries everything with one configuration
(``SEARCH_CONFIG``), and all backends share one index table, so "one backend per language"
would have each overwrite the others' rows. Instead this backend keeps one index and:

- indexes each object with the configuration of its language (a page's locale): Romanian
  pages with ``romanian``, Greek with ``greek``, English with ``english``...; languages
  PostgreSQL has no configuration for (``KOHORTA_SEARCH_CONFIGS`` maps them to ``simple``,
  or one missing from ``pg_ts_config``) with ``simple`` (lower-cased words, no stemming);
- queries with every configuration in use at once (the words stemmed each language's way,
  OR-ed): a Romanian reader searching /ro/search/ finds Romanian pages by an inflected
  word, and the English pages listed in Romanian (no translation yet) by English stems.

Objects without a language (images, documents, people) use the default language's. After
changing a configuration, rebuild the index: ``python manage.py update_index``.
On SQLite and other databases this is Wagtail's database backend unchanged.
"""

import copy
from collections import defaultdict
from functools import cache

from django.conf import settings
from django.db import connection

SIMPLE = "simple"


def SearchBackend(params):  # noqa: N802 (Wagtail loads a backend module's SearchBackend)
    if connection.vendor == "postgresql":
        return LocalePostgresSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

    return DatabaseSearchBackend(params)


@cache
def available_configs():
    """The text-search configurations this PostgreSQL server has (read once)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        return frozenset(row[0] for row in cursor.fetchall())


def config_for(language_code):
    """The text-search configuration for a language code (``simple`` when PostgreSQL has
    none for it)."""
    wanted = getattr(settings, "KOHORTA_SEARCH_CONFIGS", {}).get(
        (language_code or settings.LANGUAGE_CODE).lower(), SIMPLE
    )
    return wanted if wanted in available_configs() else SIMPLE


def query_configs():
    """Every configuration the index may hold: the active language's first."""
    from django.utils import translation

    codes = [
        translation.get_language() or settings.LANGUAGE_CODE,
        settings.LANGUAGE_CODE,
        *(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES),
    ]
    return list(dict.fromkeys(config_for(code) for code in codes))


@cache
def _build():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.models import Locale

    class LocaleIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Index ``objs`` in groups by their language's configuration."""
            codes = dict(Locale.objects.values_list("pk", "language_code"))
            groups = defaultdict(list)
            for obj in objs:
                code = codes.get(getattr(obj, "locale_id", None))
                groups[config_for(code)].append(obj)
            backend = self.backend
            try:
                for config, group in groups.items():
                    self.backend = copy.copy(backend)
                    self.backend.config = config
                    super().add_items(model, group)
            finally:
                self.backend = backend

    class LocaleSearchQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            """The query in every configuration in use, OR-ed."""
            combined = None
            for name in query_configs():
                part = self.build_tsquery_content(query, config=name)
                if part is None:
                    continue
                combined = part if combined is None else combined | part
            return combined

    class Backend(PostgresSearchBackend):
        index_class = LocaleIndex
        query_compiler_class = LocaleSearchQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            self.config = params.get("SEARCH_CONFIG") or None

    return Backend


def LocalePostgresSearchBackend(params):  # noqa: N802
    return _build()(params)
