"""Hostile input for any form: strategies, nasty uploads and the checks every answer must pass.

Plug a new form in like this::

    @hostile_settings
    @given(data=hostile_form_data(["title", "summary"]))
    def test_proposal_form_survives(client, data):
        client.force_login(innovator)
        response = post_hostile(client, url, {**VALID, **data})

``post_hostile`` fails on a 5xx and on any of our markup payloads coming back unescaped.
``hostile_uploads()`` gives (label, SimpleUploadedFile) pairs for upload fields.
"""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from PIL import Image

MARKUP_PAYLOADS = [
    '<script>alert("kohorta")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    '<a href="javascript:alert(3)">click</a>',
]
OTHER_PAYLOADS = [
    "' OR 1=1 --",
    "'; DROP TABLE cohorts_user; --",
    "{{ request.user.password }}",
    "{% debug %}",
    "${7*7}",
    '=HYPERLINK("http://evil.example")',
    "\u202eevil\u202d",
    "\x00",
    "\ud7ff\ue000\U0010ffff",
    "Ζωή 🌍 Живот",
    "",
    " ",
]

hostile_settings = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_text():
    """Random unicode, very long strings, markup and SQL-looking payloads."""
    return st.one_of(
        st.sampled_from(MARKUP_PAYLOADS + OTHER_PAYLOADS),
        st.text(max_size=60),
        st.text(min_size=300, max_size=3000),
        st.integers().map(str),
        st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
    )


def hostile_form_data(fields):
    """A dict with some of ``fields`` set to hostile values (missing ones test 'required')."""
    return st.dictionaries(st.sampled_from(list(fields)), hostile_text(), max_size=len(fields))


def assert_safe_response(response, data=None):
    assert response.status_code < 500, response.status_code
    if response.status_code != 200 or getattr(response, "streaming", False):
        return
    body = response.content.decode(errors="replace")
    for value in (data or {}).values():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and item in MARKUP_PAYLOADS:
                assert item not in body, f"unescaped {item!r}"


def post_hostile(client, url, data, files=None):
    """POST and check the answer: no 5xx, no markup payload echoed unescaped."""
    response = client.post(url, {**data, **(files or {})})
    assert_safe_response(response, data)
    return response


def _has_nul(query):
    return any("\x00" in f"{key}{value}" for key, value in query.items())


def get_hostile(client, url, query=None):
    """GET with a hostile query string. A NUL character is answered 400 before any view
    (``kohorta.middleware.RejectNullBytesMiddleware``: PostgreSQL cannot hold it in text);
    the query is then sent again without it, so the view still meets everything else."""
    query = query or {}
    if _has_nul(query):
        assert client.get(url, query).status_code == 400
        query = {
            str(key).replace("\x00", ""): (
                [str(item).replace("\x00", "") for item in value]
                if isinstance(value, list | tuple)
                else str(value).replace("\x00", "")
            )
            for key, value in query.items()
        }
    return client.get(url, query)


def png_bytes(size=(12, 12)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _png_claiming(width, height):
    """A tiny PNG whose header claims width x height pixels: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("members.csv", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def hostile_uploads(max_bytes=5 * 1024 * 1024):
    """(label, file) pairs: every upload trick a form must refuse or store harmlessly."""
    png = png_bytes()
    return [
        ("oversized", SimpleUploadedFile("big.png", png + b"\0" * (max_bytes + 1), "image/png")),
        (
            "png then html",
            SimpleUploadedFile("x.png", png + b"<html><script>alert(1)</script>", "image/png"),
        ),
        (
            "svg with script",
            SimpleUploadedFile(
                "x.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "image/svg+xml",
            ),
        ),
        (
            "decompression bomb",
            SimpleUploadedFile("bomb.png", _png_claiming(100_000, 100_000), "image/png"),
        ),
        ("zip bomb", SimpleUploadedFile("bomb.zip", _zip_bomb(), "application/zip")),
        ("dot-dot name", SimpleUploadedFile("../../../../etc/cron.d/x.png", png, "image/png")),
        ("NUL in name", SimpleUploadedFile("a.png\x00.html", png, "image/png")),
        (
            "html named png",
            SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ),
        ("png named html", SimpleUploadedFile("x.html", png, "text/html")),
        (
            "pdf named jpg",
            SimpleUploadedFile("x.jpg", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj", "image/jpeg"),
        ),
        ("empty", SimpleUploadedFile("x.png", b"", "image/png")),
    ]


# Shared by the per-app modules (test_hostile_<app>.py) -----------------------------------

# Fewer examples per form than the foundation's: the five app modules cover some fifty forms.
app_settings = settings(hostile_settings, max_examples=8)


def row_counts(*models):
    """How many rows each model has: compare before and after a refused POST."""
    return tuple(model.objects.count() for model in models)


def hostile_id():
    """Values posted where a form expects an object's id."""
    return st.one_of(
        hostile_text(),
        st.sampled_from(["0", "-1", "1.5", "1e3", "0x10", " 1", "99999999999999999999999999"]),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def assert_safe_download(response):
    """An uploaded file as it must leave: a download that no browser renders or sniffs."""
    assert response.status_code == 200, response.status_code
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment"), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"].split(";")[0] not in {
        "text/html",
        "image/svg+xml",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
    }, response["Content-Type"]
    # Reading it to the end closes it the way the test client does, without closing the
    # database connection (``response.close()`` would, on PostgreSQL, inside the test).
    b"".join(response.streaming_content)


def assert_random_name(name, folder):
    """A stored file's name: a random hex name under ``folder``, never the client's name."""
    import re

    assert re.fullmatch(rf"{re.escape(folder)}/[0-9a-f]{{32}}(\.[a-z0-9]{{1,9}})?", name), name


UPLOAD_LABELS = [label for label, _upload in hostile_uploads(max_bytes=0)]


def hostile_upload(label, max_bytes=5 * 1024 * 1024):
    """A fresh file for one ``hostile_uploads`` trick (a file object is spent once posted)."""
    return dict(hostile_uploads(max_bytes))[label]
