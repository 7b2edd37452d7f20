"""Open Badges 3.0: every certificate is also a signed Verifiable Credential.

A certificate's credential is built from what the certificate froze when it was issued
(``details``), so it is the same JSON every time and needs no storage; it is signed as a
VC-JWT (EdDSA, the site's Ed25519 key, ``kohorta.signing``). The issuer profile, the public
key (JWKS) and the revocation status list (BitstringStatusList) live at stable URLs.
The PNG badge carries the JWT in an iTXt chunk ``openbadgecredential`` (OB 3.0 baking).
"""

import datetime
import gzip
import io
import struct
import zlib
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kohorta.signing import b64url, public_jwk, sign_jwt, verify_jwt

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_LIST_BITS = 131072  # the minimum length (16 KB) BitstringStatusList asks for, for privacy
PNG_KEYWORD = b"openbadgecredential"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def issuer_id():
    return absolute(reverse("curriculum:ob_issuer"))


def status_list_url():
    return absolute(reverse("curriculum:ob_status"))


def issuer_profile():
    """The issuer's Profile (OB 3.0): the site, with its public key."""
    return {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"),
        "publicKey": absolute(reverse("curriculum:ob_keys")),
    }


def key_set():
    """The public key as a JWK Set (no DID): what verifiers check signatures against."""
    return {"keys": [public_jwk()]}


def _criteria(modules):
    return _(
        "Complete every lesson of the course's modules (%(modules)s) and have each required "
        "reflection approved by a mentor."
    ) % {"modules": "; ".join(modules)}


def achievement(*, cohort_course_id, course, programme, modules, hours, language):
    """The Achievement (OB 3.0) a course run awards, with its criteria, in ``language``."""
    with translation.override(language):
        description = _("An online course of %(programme)s, about %(hours)s hours of study.") % {
            "programme": programme,
            "hours": hours,
        }
        return {
            "id": absolute(reverse("curriculum:ob_achievement", args=[cohort_course_id])),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": course,
            "description": description,
            "criteria": {"narrative": _criteria(modules)},
            "inLanguage": language,
        }


def credential(certificate):
    """The certificate as an OpenBadgeCredential (unsigned JSON; ``credential_jwt`` signs it)."""
    details = certificate.details
    language = certificate.language or settings.LANGUAGE_CODE
    issued = certificate.issued_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "@context": CONTEXT,
        "id": absolute(reverse("curriculum:verify", args=[certificate.code])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": settings.WAGTAIL_SITE_NAME},
        "validFrom": issued,
        "name": details.get("course", ""),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": details.get("name", ""),
                }
            ],
            "achievement": achievement(
                cohort_course_id=certificate.cohort_course_id,
                course=details.get("course", ""),
                programme=details.get("programme", ""),
                modules=details.get("modules", []),
                hours=details.get("hours", 0),
                language=language,
            ),
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_list_url(),
        },
    }


def credential_jwt(certificate):
    """The credential signed as a VC-JWT: the credential plus the JWT claims OB 3.0 names."""
    body = credential(certificate)
    claims = {
        "iss": body["issuer"]["id"],
        "jti": body["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "iat": int(certificate.issued_at.timestamp()),
    }
    return sign_jwt({**body, **claims}, headers={"typ": "JWT", "cty": "vc"})


def status_list(revoked_indexes):
    """The BitstringStatusListCredential (revocation): bit i is 1 when certificate i is revoked."""
    indexes = list(revoked_indexes)
    size = max(STATUS_LIST_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # the first index is the left-most bit
    encoded = "u" + b64url(gzip.compress(bytes(bits), mtime=0))
    url = status_list_url()
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }


def is_revoked_in(status_credential, index):
    """Read bit ``index`` of a status list credential (what an outside verifier does)."""
    from kohorta.signing import b64url_decode

    encoded = status_credential["credentialSubject"]["encodedList"]
    bits = gzip.decompress(b64url_decode(encoded.removeprefix("u")))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# The badge image -------------------------------------------------------------------------


def _font(size, bold=True):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default()


def badge_png(certificate, *, jwt=None):
    """A 600×600 PNG badge in the programme's colour, baked with the signed credential."""
    import math

    from PIL import Image, ImageDraw
    from PIL.PngImagePlugin import PngInfo

    from cohorts.branding import branding_for

    branding = branding_for(
        certificate.cohort_course.cohort.programme, certificate.language, for_pdf=False
    )
    accent = branding.accent
    image = Image.new("RGBA", (600, 600), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(215, 380), (160, 590), (228, 548), (262, 600), (300, 420)], fill=accent)
    draw.polygon([(385, 380), (440, 590), (372, 548), (338, 600), (300, 420)], fill=accent)
    points = []
    for i in range(48):
        radius = 250 if i % 2 == 0 else 222
        angle = math.pi * i / 24
        points.append((300 + radius * math.cos(angle), 270 + radius * math.sin(angle)))
    draw.polygon(points, fill=accent)
    draw.ellipse([80, 50, 520, 490], fill="white")
    draw.ellipse([96, 66, 504, 474], fill=accent)
    draw.ellipse([112, 82, 488, 458], outline="white", width=3)
    initials = branding.initials
    draw.text(
        (300, 230),
        initials,
        font=_font(120 if len(initials) <= 3 else 90),
        fill="white",
        anchor="mm",
    )
    course = certificate.details.get("course", "")
    words, lines = course.split(), [""]
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if draw.textlength(candidate, font=_font(26)) > 300 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    for number, line in enumerate(lines[:3]):
        draw.text((300, 330 + number * 32), line, font=_font(26), fill="white", anchor="mm")
    info = PngInfo()
    info.add_itxt(PNG_KEYWORD.decode(), jwt or credential_jwt(certificate), zip=False)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, optimize=True)
    return buffer.getvalue()


def baked_jwt(png_bytes):
    """The JWT baked in a PNG (iTXt ``openbadgecredential``), or None; reads chunks only."""
    if not png_bytes.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    position = 8
    while position + 8 <= len(png_bytes):
        length, kind = struct.unpack(">I4s", png_bytes[position : position + 8])
        data = png_bytes[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"iTXt":
            keyword, _sep, rest = data.partition(b"\x00")
            if keyword != PNG_KEYWORD or len(rest) < 2:
                continue
            compressed = rest[0]
            _lang, _s, rest = rest[2:].partition(b"\x00")
            _tkey, _s, text = rest.partition(b"\x00")
            try:
                if compressed:
                    text = zlib.decompressobj().decompress(text, 1_000_000)
                return text.decode("utf-8")
            except (zlib.error, UnicodeDecodeError):
                return None
        if kind == b"IEND":
            break
    return None


def read_credential_file(data):
    """What an uploaded credential file holds: ("jwt", payload) for a signed credential
    (a PNG badge or a .jwt) whose signature is ours, ("json", dict) for the JSON form,
    or (None, None) when it is neither."""
    import json

    token = baked_jwt(data)
    if token is None:
        try:
            text = data.decode("utf-8").strip()
        except UnicodeDecodeError:
            return None, None
        if text.startswith("{"):
            try:
                body = json.loads(text)
            except (ValueError, RecursionError):
                return None, None
            return ("json", body) if isinstance(body, dict) else (None, None)
        token = text
    payload = verify_jwt(token)
    return ("jwt", payload) if payload is not None else (None, None)


def linkedin_url(certificate):
    """LinkedIn's "Add licence or certification" form, filled in."""
    issued = certificate.issued_at
    return "https://www.linkedin.com/profile/add?" + urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": certificate.details.get("course", ""),
            "organizationName": certificate.details.get("programme", ""),
            "issueYear": issued.year,
            "issueMonth": issued.month,
            "certUrl": absolute(reverse("curriculum:verify", args=[certificate.code])),
            "certId": certificate.code,
        }
    )
