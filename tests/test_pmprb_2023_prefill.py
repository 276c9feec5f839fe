"""9/2023 pre-filled: line 1025 suggested from the year's monitoring, the Indikator Hasil values in 1030/1044/1048."""

from __future__ import annotations

import duckdb
import openpyxl
import pytest

from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES, run_annual

YEAR = 2023
OPINI_POINTS = {"WTP": 5, "WTP-DPP": 4.17, "WDP": 3.33, "TMP": 2.5, "TW": 1.67}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pmprb2023")
    settings = Settings(SOURCES, tmp / "inbox", tmp / "outputs", tmp / "rb.duckdb")
    generate(settings, years=[YEAR])
    assert run_annual(settings, YEAR).success
    return settings


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def test_line_1025_is_the_share_of_scheduled_indicators_tercapai(sample):
    statuses = [s for (s,) in query(sample, "SELECT status FROM indicator_capaian WHERE year = ?", [YEAR])]
    counted = [s for s in statuses if s in ("Tercapai", "Belum Tercapai", "Belum Dilaporkan")]
    assert counted and len(counted) < len(statuses)  # some indicators are not scheduled and are left out
    share = round(100 * counted.count("Tercapai") / len(counted), 2)
    (answer, source), *_ = query(
        sample, "SELECT answer, answer_source FROM pmprb_suggestions WHERE year = ? AND code = '1025'", [YEAR]
    )
    assert float(answer) == pytest.approx(share) and source == "suggested"
    rows = dict(
        (
            (c, (a, s, sc))
            for c, a, s, sc in query(
                sample, "SELECT code, answer, answer_source, score FROM pmprb_scores WHERE year = ?", [YEAR]
            )
        )
    )
    assert rows["1025"][1] == "suggested"
    # 1025 is multiplied by 1024's value / 3; 1024 is not entered, so it scores 0 until the Tim enters 1024.
    assert rows["1025"][2] == 0
    wb = openpyxl.load_workbook(sample.outputs_dir / str(YEAR) / f"pmprb_{YEAR}.xlsx")
    ws = wb["LKE"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Kode")
    cols = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "1025")
    assert ws.cell(row, cols["Nilai"]).value == pytest.approx(share)
    assert ws.cell(row, cols["Usulan Sistem"]).value == pytest.approx(share)
    assert ws.cell(row, cols["Konfirmasi"]).value is None
    identity = {r[0].value: r[1].value for r in wb["Identitas"].iter_rows()}
    assert "persentase indikator terjadwal yang Tercapai" in identity["Saran jawaban"]


def test_indikator_hasil_values_fill_sakip_opini_and_skm(sample):
    values = dict(
        (o, (v, t))
        for o, v, t in query(sample, "SELECT outcome, value, value_text FROM outcome_values WHERE year = ?", [YEAR])
    )
    scores = dict(
        (c, (a, s, sc))
        for c, a, s, sc in query(
            sample, "SELECT code, answer, answer_source, score FROM pmprb_scores WHERE year = ?", [YEAR]
        )
    )
    sakip, ikm, opini = values["pmprb_akuntabilitas_kinerja"][0], values["ikm"][0], values["opini_bpk"][1]
    assert float(scores["1030"][0]) == pytest.approx(sakip)
    assert scores["1030"][2] == pytest.approx(round(sakip / 100 * 4, 2))
    assert float(scores["1048"][0]) == pytest.approx(ikm)
    assert scores["1048"][2] == pytest.approx(round(ikm / 100 * 8, 2))
    assert scores["1044"][0] == opini and scores["1044"][2] == OPINI_POINTS[opini]
    assert {scores[c][1] for c in ("1030", "1044", "1048")} == {"final"}


def test_make_check_refuses_an_unknown_line_or_figure(tmp_path):
    import shutil

    from assets.source_files.check import ERROR, check_sources

    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    path = sources / "roadmap" / "pmprb" / "permenpanrb-9-2023-kabkota" / "monitoring_lines.csv"
    path.write_text("line_code,figure,basis\n1025,share_tercapai,\n1099,mean_capaian,\n", encoding="utf-8")
    said = [str(p) for p in check_sources(sources) if p.severity == ERROR]
    where = "roadmap/pmprb/permenpanrb-9-2023-kabkota/monitoring_lines.csv baris 3"
    assert len(said) == 2 and all(where in s for s in said)
    assert any("'1099' tidak dikenal" in s for s in said) and any("share_tercapai" in s for s in said)
