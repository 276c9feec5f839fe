"""The template signature: which unit and year a form workbook was made for, keyed by a deployment secret.

Each unit's template (and each feedback workbook, a valid resend) carries
HMAC-SHA256(key, [government, form, unit code, year]) in its Identitas sheet
and its properties. The key is a random secret created on the first run in
``signing.key`` beside the warehouse (mode 0600), never under ``outputs/``.
A file whose Identitas names a unit its signature was not made for is refused
at intake. The signature proves that the file started from the template this
deployment made for that unit and year, as long as the key stays secret; it
says nothing about who filled the file in, and it is not a signature of the
content.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = "signing.key"
KEY_BYTES = 32


@dataclass(frozen=True)
class TemplateSigner:
    """Signs and recognises templates of one deployment (its key) and one government."""

    key: bytes
    government: str

    def signature(self, form: str, unit_code: str, year: str | int) -> str:
        message = json.dumps([self.government, form, unit_code, str(year)], ensure_ascii=False).encode()
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def made_for(self, signature: str, form: str, unit_code: str, year: str | int) -> bool:
        return hmac.compare_digest(signature.strip().lower(), self.signature(form, unit_code, year))

    def unit_of(self, signature: str, form: str, year: str | int, unit_codes: Iterable[str]) -> str | None:
        """The unit among ``unit_codes`` whose template for ``year`` carries ``signature``, if any."""
        return next((code for code in unit_codes if self.made_for(signature, form, code, year)), None)

    @classmethod
    def beside(cls, warehouse: str | Path, government: str) -> TemplateSigner:
        """The signer of the deployment whose warehouse is ``warehouse`` (its key is created on first use)."""
        return cls(deployment_key(Path(warehouse).parent), government)


def deployment_key(folder: Path) -> bytes:
    """The secret in ``folder/signing.key``, created (mode 0600) when absent; concurrent first runs agree on one."""
    path = Path(folder) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                os.fchmod(f.fileno(), 0o600)
                f.write(secrets.token_bytes(KEY_BYTES))
                f.flush()
                os.fsync(f.fileno())
            os.link(tmp, path)  # never replaces a key another run has just created
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise ValueError(
            f"{path} holds {len(key)} bytes, not {KEY_BYTES}: restore the deployment's signing key from a backup"
        )
    return key
