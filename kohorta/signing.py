"""The site's Ed25519 signing key and compact JWS (EdDSA), for Open Badges credentials.

The key comes from ``KOHORTA_SIGNING_KEY`` (the 32-byte private seed, base64url; make one
with ``python -c "import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"``).
Without it, dev and test settings (``KOHORTA_SIGNING_KEY_FALLBACK = True``) generate a key
once and keep it in ``KOHORTA_SIGNING_KEY_FILE`` (var/signing-key by default); production
refuses to sign (and ``check --deploy`` reports it) until the variable is set. Changing the
key invalidates every credential signed with the old one.
"""

import base64
import functools
import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _seed_from_file(path: Path) -> bytes:
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return b64url_decode(path.read_text().strip())
    seed = secrets.token_bytes(32)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(b64url(seed) + "\n")
    return seed


@functools.cache
def _private_key(configured: str, fallback_file: str, allow_fallback: bool):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if configured:
        try:
            seed = b64url_decode(configured.strip())
        except ValueError as error:
            raise ImproperlyConfigured("KOHORTA_SIGNING_KEY is not base64url.") from error
        if len(seed) != 32:
            raise ImproperlyConfigured("KOHORTA_SIGNING_KEY must be a 32-byte Ed25519 seed.")
    elif allow_fallback:
        seed = _seed_from_file(Path(fallback_file))
    else:
        raise ImproperlyConfigured("KOHORTA_SIGNING_KEY must be set to sign credentials.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key():
    return _private_key(
        settings.KOHORTA_SIGNING_KEY,
        str(settings.KOHORTA_SIGNING_KEY_FILE),
        settings.KOHORTA_SIGNING_KEY_FALLBACK,
    )


def public_jwk():
    """The public key as a JWK (OKP, Ed25519), with a ``kid`` derived from the key itself."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    # RFC 7638 thumbprint: the required members, sorted, no whitespace.
    canonical = json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode()
    return {**jwk, "kid": b64url(hashlib.sha256(canonical).digest()), "use": "sig", "alg": "EdDSA"}


def sign_jwt(payload: dict, *, headers=None) -> str:
    """A compact JWS of ``payload`` signed with the site's key (alg EdDSA)."""
    header = {"alg": "EdDSA", "typ": "JWT", "kid": public_jwk()["kid"], **(headers or {})}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    )
    signature = private_key().sign(signing_input.encode())
    return signing_input + "." + b64url(signature)


def verify_jwt(token: str):
    """The payload of a compact JWS signed with the site's key, or None if it is not one."""
    from cryptography.exceptions import InvalidSignature

    try:
        header_b64, payload_b64, signature_b64 = token.strip().split(".")
        header = json.loads(b64url_decode(header_b64))
        if header.get("alg") != "EdDSA":
            return None
        private_key().public_key().verify(
            b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode()
        )
        payload = json.loads(b64url_decode(payload_b64))
    except (ValueError, InvalidSignature, UnicodeDecodeError, TypeError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def check_signing_key(app_configs, **kwargs):
    """``check --deploy``: production signs credentials only with a configured key."""
    from django.core.checks import Error

    if settings.KOHORTA_SIGNING_KEY_FALLBACK or settings.KOHORTA_SIGNING_KEY:
        return []
    return [
        Error(
            "KOHORTA_SIGNING_KEY is not set: certificates cannot be issued as Open Badges.",
            hint="Set it to a base64url 32-byte Ed25519 seed (docs/documents.md).",
            id="kohorta.E001",
        )
    ]
