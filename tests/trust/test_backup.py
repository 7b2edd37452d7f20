"""`manage.py backup` and `manage.py restore`: a round trip gives back rows and files."""

import io
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.models import ModelLogEntry

from cohorts import services
from cohorts.enums import Role
from cohorts.models import Cohort, Membership, User
from tests.factories.cohorts import CohortFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _snapshot():
    return {
        "people": sorted(User.objects.values_list("pk", "email", "full_name", "photo")),
        "cohorts": sorted(Cohort.objects.values_list("pk", "name", "status")),
        "memberships": sorted(Membership.objects.values_list("pk", "user_id", "cohort_id", "role")),
        "log": ModelLogEntry.objects.count(),
    }


@pytest.mark.sqlite_only  # restore truncates tables, which PostgreSQL refuses inside the test transaction
def test_backup_then_restore_gives_back_database_and_media(tmp_path, settings):
    cohort = CohortFactory(name="INELI Balkans 2025")
    for role in (Role.COORDINATOR, Role.MENTOR, Role.INNOVATOR, Role.JURY):
        add_member(cohort, role)
    ana = UserFactory(full_name="Ana Stojanovska")
    services.add_member(cohort=cohort, user=ana, role=Role.INNOVATOR, by=None)
    services.update_profile(user=ana, by=ana, photo=SimpleUploadedFile("a.png", _png()))
    photo = settings.MEDIA_ROOT / ana.photo.name
    before = _snapshot()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "database.json", f"media/{ana.photo.name}"} <= names

    # disaster: people deleted, photo lost
    Membership.objects.all().delete()
    User.objects.filter(pk=ana.pk).delete()
    photo.unlink()
    assert _snapshot() != before

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert _snapshot() == before
    assert photo.read_bytes() == _png()
    assert User.objects.get(pk=ana.pk).check_password("correct-horse-battery")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="is not a Kohorta backup"):
        call_command("restore", str(bogus), yes=True)


def test_restore_refuses_path_traversal_in_the_archive(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        payload = b"owned"
        info = tarfile.TarInfo("../../outside.txt")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    with pytest.raises(CommandError, match="is not a Kohorta backup"):
        call_command("restore", str(evil), yes=True)
    assert not (tmp_path.parent / "outside.txt").exists()


def test_restore_loads_the_content_types_first(tmp_path):
    """Restoring a PostgreSQL backup in a new process into an empty schema failed: a content
    type was created with a new id while the rows before the backup's content types loaded,
    and the backup's own row for it then collided (found by ``cluster_test --part backup``;
    the restore above runs in the test's process, with the types in Django's cache)."""
    import json

    from cohorts.management.commands.restore import _content_types_first

    fixture = tmp_path / "database.json"
    rows = [
        {"model": "cms.homepage", "pk": 3, "fields": {}},
        {"model": "contenttypes.contenttype", "pk": 2, "fields": {}},
        {"model": "cohorts.user", "pk": 1, "fields": {}},
        {"model": "contenttypes.contenttype", "pk": 1, "fields": {}},
    ]
    fixture.write_text(json.dumps(rows))
    _content_types_first(fixture)
    assert [(row["model"], row["pk"]) for row in json.loads(fixture.read_text())] == [
        ("contenttypes.contenttype", 2),
        ("contenttypes.contenttype", 1),
        ("cms.homepage", 3),
        ("cohorts.user", 1),
    ]
