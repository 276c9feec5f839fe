"""Who signs the Laporan Monev: the ``[laporan]`` section of ``sources/collection.toml``.

The report goes from the Tim Pelaksana to the Tim Pengarah (BAB IV of the road
map); its last page carries a signature block with the place, the date, the
signer's role, name, rank and NIP. Every key is optional text: an empty name
or NIP leaves a dotted line to write by hand. :data:`KEYS` is the one list of
the section's keys; ``make check`` (``assets/source_files/check.py``) refuses
others and ``docs/adopting.md`` describes them.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from assets.forms.collection import CONFIG

SECTION = "laporan"
DOTS = "...................................."


@dataclass(frozen=True)
class Signature:
    place: str = ""  # "Magetan": the block starts "Magetan, 2 Desember 2026"
    signer_role: str = "Ketua Tim Pelaksana Reformasi Birokrasi"  # the role the signer signs in
    signer_name: str = ""
    signer_rank: str = ""  # pangkat/golongan, e.g. "Pembina Utama Muda (IV/c)"
    signer_nip: str = ""

    @classmethod
    def load(cls, sources_dir: Path) -> Signature:
        path = Path(sources_dir) / CONFIG
        if not path.exists():
            return cls()
        table = tomllib.loads(path.read_text(encoding="utf-8")).get(SECTION, {})
        return cls(**{k: str(v).strip() for k, v in table.items() if k in KEYS})

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


KEYS = {f.name: f.type for f in fields(Signature)}
