"""Open Badges 3.0: each certificate is a signed credential an outside verifier can check.

The signatures are checked with joserfc (an independent JOSE library) against the public
key the site publishes, never with Kohorta's own verification code.
"""

import datetime
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import KeySet
from PIL import Image

from curriculum import badges, services
from kohorta.signing import b64url, b64url_decode
from tests.factories.curriculum import earn_certificate

# "EdDSA" is the algorithm name OB 3.0 verifiers know; RFC 9864 prefers "Ed25519" and joserfc
# warns about the older name. The signature scheme (Ed25519) is the same.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated:joserfc.errors.SecurityWarning")


@pytest.fixture
def certificate(world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC), tick=False)
    programme = world["cohort"].programme
    programme.name = "INELI Balkans"
    programme.save()
    return earn_certificate(world)


def _published_keys(client):
    response = client.get(reverse("curriculum:ob_keys"))
    assert response.status_code == 200
    return KeySet.import_key_set(response.json())


def _verify_independently(client, token):
    """joserfc checks the EdDSA signature with the published JWK Set."""
    decoded = jwt.decode(token, _published_keys(client), algorithms=["EdDSA"])
    assert decoded.header["alg"] == "EdDSA"
    return decoded.claims


def test_credential_jwt_verifies_with_joserfc_against_published_key(client, world, certificate):
    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:certificate_jwt", args=[certificate.code]))
    assert response.status_code == 200
    claims = _verify_independently(client, response.content.decode())
    verify_url = f"http://testserver/verify/{certificate.code}/"
    assert claims["iss"] == "http://testserver/credentials/issuer/"
    assert claims["jti"] == verify_url
    assert claims["nbf"] == int(
        datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC).timestamp()
    )
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert claims["validFrom"] == "2026-03-05T10:00:00Z"
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Leadership"
    assert achievement["criteria"]["narrative"] == (
        "Complete every lesson of the course's modules (Module 1; Module 2; Module 3) and have "
        "each required reflection approved by a mentor."
    )
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Ana Stojanovska"
    assert claims["credentialStatus"]["statusListCredential"] == (
        "http://testserver/credentials/status/"
    )


def test_tampered_credential_fails_the_independent_verifier(client, world, certificate):
    from joserfc.errors import BadSignatureError

    token = badges.credential_jwt(certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(b64url_decode(payload))
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Somebody Else"
    forged = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, _published_keys(client), algorithms=["EdDSA"])


def test_badge_png_is_baked_with_the_credential(client, world, certificate):
    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:certificate_badge", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert image.size == (600, 600)
    token = image.text["openbadgecredential"]  # read by Pillow, not by Kohorta
    claims = _verify_independently(client, token)
    assert claims["jti"] == f"http://testserver/verify/{certificate.code}/"


def test_issuer_profile_and_achievement_at_stable_urls(client, world, certificate):
    issuer = client.get("/credentials/issuer/").json()
    assert issuer["id"] == "http://testserver/credentials/issuer/"
    assert issuer["type"] == ["Profile"]
    assert issuer["publicKey"] == "http://testserver/credentials/keys.json"
    achievement_url = badges.credential(certificate)["credentialSubject"]["achievement"]["id"]
    achievement = client.get(urlsplit(achievement_url).path).json()
    assert achievement["name"] == "Leadership"
    assert achievement["criteria"]["narrative"].startswith("Complete every lesson")


def test_status_list_shows_revocation(client, world, certificate):
    def revoked():
        status = client.get(reverse("curriculum:ob_status")).json()
        assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        return badges.is_revoked_in(status, certificate.pk)

    assert revoked() is False
    services.revoke_certificate(certificate=certificate, reason="Mistake", by=world["coordinator"])
    assert revoked() is True


def test_json_download_is_the_credential(client, world, certificate):
    client.force_login(world["innovator"])
    response = client.get(reverse("curriculum:certificate_json", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="credential-{certificate.code}.json"'
    )
    assert response.json() == badges.credential(certificate)


@pytest.mark.parametrize("who", ["other_innovator", "mentor", "other_coordinator"])
def test_credential_downloads_refused_to_others(client, world, certificate, who):
    client.force_login(world[who])
    for name in ("certificate_json", "certificate_jwt", "certificate_badge"):
        assert client.get(reverse(f"curriculum:{name}", args=[certificate.code])).status_code == 404


def test_revoked_credential_downloads_say_revoked(client, world, certificate):
    services.revoke_certificate(certificate=certificate, reason="Mistake", by=world["coordinator"])
    client.force_login(world["innovator"])
    for name in ("certificate_json", "certificate_jwt", "certificate_badge"):
        response = client.get(reverse(f"curriculum:{name}", args=[certificate.code]))
        assert response.status_code == 410


@pytest.mark.parametrize("kind", ["png", "json", "jwt"])
def test_verify_accepts_the_credential_file(client, world, certificate, kind):
    client.force_login(world["innovator"])
    name = {"png": "certificate_badge", "json": "certificate_json", "jwt": "certificate_jwt"}[kind]
    data = client.get(reverse(f"curriculum:{name}", args=[certificate.code])).content
    client.logout()
    response = client.post(
        reverse("curriculum:verify_index"),
        {"credential": SimpleUploadedFile(f"credential.{kind}", data)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid certificate" in html
    assert "Ana Stojanovska" in html


def test_verify_upload_shows_revocation(client, world, certificate):
    png = badges.badge_png(certificate)
    services.revoke_certificate(certificate=certificate, reason="Mistake", by=world["coordinator"])
    response = client.post(
        reverse("curriculum:verify_index"), {"credential": SimpleUploadedFile("b.png", png)}
    )
    assert "This certificate has been revoked." in response.content.decode()


def test_verify_refuses_a_forged_file(client, world, certificate):
    body = badges.credential(certificate)
    body["credentialSubject"]["identifier"][0]["identityHash"] = "Somebody Else"
    hostile = (
        json.dumps(body).encode(),
        b"\x89PNG\r\n\x1a\nnot really",
        b"\xff\xfe\x00",
        b"[" * 100_000,
        b'{"a":' * 50_000,
        b"eyJhbGciOiJFZERTQSJ9.e30.AAAA",
    )
    for data in hostile:
        response = client.post(
            reverse("curriculum:verify_index"), {"credential": SimpleUploadedFile("x", data)}
        )
        assert response.status_code == 200
        assert "This file is not a credential issued by this site" in response.content.decode()


def test_verify_with_nothing_says_what_to_enter(client, db):
    response = client.post(reverse("curriculum:verify_index"), {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": ["Enter a code or choose a file."]}


def test_linkedin_link_carries_the_certification(client, world, certificate):
    client.force_login(world["innovator"])
    html = client.get(world["course"].url).content.decode()
    url = badges.linkedin_url(certificate)
    assert url.replace("&", "&amp;") in html
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Leadership"],
        "organizationName": ["INELI Balkans"],
        "issueYear": ["2026"],
        "issueMonth": ["3"],
        "certUrl": [f"http://testserver/verify/{certificate.code}/"],
        "certId": [certificate.code],
    }


def test_signing_key_fallback_is_kept_in_a_file(settings, tmp_path):
    from kohorta import signing

    settings.KOHORTA_SIGNING_KEY = ""
    settings.KOHORTA_SIGNING_KEY_FILE = tmp_path / "signing-key"
    first = signing.public_jwk()
    assert (tmp_path / "signing-key").read_text().strip()
    signing._private_key.cache_clear()
    assert signing.public_jwk() == first


def test_production_refuses_to_sign_without_the_key(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from kohorta import signing

    settings.KOHORTA_SIGNING_KEY = ""
    settings.KOHORTA_SIGNING_KEY_FALLBACK = False
    with pytest.raises(ImproperlyConfigured):
        signing.sign_jwt({"a": 1})
    assert [error.id for error in signing.check_signing_key(None)] == ["kohorta.E001"]


def test_signing_key_from_the_environment(settings):
    import base64

    from kohorta import signing

    settings.KOHORTA_SIGNING_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
    settings.KOHORTA_SIGNING_KEY_FALLBACK = False
    assert signing.public_jwk()["x"] == "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
