import pytest
from django.db import connection

FTS_SQL = [
    "DROP TABLE IF EXISTS wagtailsearch_indexentry_fts",
    "CREATE VIRTUAL TABLE wagtailsearch_indexentry_fts USING fts5(autocomplete, body, title)",
    "CREATE TRIGGER insert_wagtailsearch_indexentry_fts AFTER INSERT ON wagtailsearch_indexentry "
    "BEGIN INSERT INTO wagtailsearch_indexentry_fts(title, body, autocomplete, rowid) "
    "VALUES (NEW.title, NEW.body, NEW.autocomplete, NEW.id); END",
    "CREATE TRIGGER update_wagtailsearch_indexentry_fts AFTER UPDATE ON wagtailsearch_indexentry "
    "BEGIN UPDATE wagtailsearch_indexentry_fts SET title=NEW.title, body=NEW.body, "
    "autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END",
    "CREATE TRIGGER delete_wagtailsearch_indexentry_fts AFTER DELETE ON wagtailsearch_indexentry "
    "BEGIN DELETE FROM wagtailsearch_indexentry_fts WHERE rowid=OLD.id; END",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests run without migrations, so Wagtail's SQLite full-text table is created here as
    its migration does (a virtual FTS5 table kept in step by triggers)."""
    if connection.vendor != "sqlite":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for statement in FTS_SQL:
            cursor.execute(statement)
