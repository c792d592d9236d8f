"""The HTML report in a real browser (headless Chromium via Playwright), offline.

Every request the page makes is routed through the test: anything but the report file
itself and ``data:`` URIs fails the test.  A full-page screenshot is taken and the
regions of the milestone matrix, the plots and the failed-files table are checked to be
drawn (non-blank pixels), not just present in the DOM.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap500 import report
from roadmap500.cli import main as cli_main

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Debian chromium not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def report_file(sample_output, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert cli_main(["report", str(sample_output), "-o", str(path)]) == 0
    return path


def open_offline(report_path: Path, shot: Path):
    """Open a page with every request routed: file: and data: go through, anything else is
    blocked and recorded.  Returns (requests seen, blocked, element boxes, images loaded,
    full-page screenshot)."""
    from PIL import Image

    seen, blocked = [], []

    def route(r):
        url = r.request.url
        seen.append(url)
        if url.startswith(("file://", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 900},
                                      offline=True, java_script_enabled=False)
        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda req: seen.append(req.url))
        page.goto(report_path.as_uri(), wait_until="load")
        boxes = {sel: page.locator(sel).first.bounding_box()
                 for sel in ("#matrix", "#heatmap", ".timeline-img", "#failed-files")}
        images_loaded = page.locator("img").evaluate_all(
            "els => els.map(e => e.complete && e.naturalWidth > 0)")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    return seen, blocked, boxes, images_loaded, Image.open(shot).convert("RGB")


@pytest.fixture(scope="module")
def browser_run(report_file, tmp_path_factory):
    return open_offline(report_file, tmp_path_factory.mktemp("shot") / "report.png")


def test_report_under_5_mb_and_self_contained(report_file):
    text = report_file.read_text(encoding="utf-8")
    assert report_file.stat().st_size < 5_000_000
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert 'src="data:image/png;base64,' in text


def test_no_network_request(browser_run):
    seen, blocked, *_ = browser_run
    assert blocked == []
    assert seen and all(u.startswith(("file://", "data:")) for u in seen)
    # (data: images never reach the network layer; that they rendered is checked below)


def test_the_request_guard_catches_a_remote_resource(report_file, tmp_path):
    # the report's own Content-Security-Policy would stop the image before any request:
    # drop it, so that the test's guard is what is tested
    text = report_file.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in text
    text = "\n".join(line for line in text.splitlines() if "Content-Security-Policy" not in line)
    tampered = tmp_path / "tampered.html"
    tampered.write_text(text.replace("</body>", '<img src="https://example.org/pixel.png"></body>'),
                        encoding="utf-8")
    _, blocked, *_ = open_offline(tampered, tmp_path / "t.png")
    assert blocked == ["https://example.org/pixel.png"]


def _ink(image, box) -> float:
    """Share of non-white pixels inside ``box`` of the screenshot."""
    crop = image.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]),
                       int(box["y"] + box["height"])))
    import numpy as np

    gray = np.asarray(crop.convert("L"))
    return float((gray < 235).mean()) if gray.size else 0.0


def test_screenshot_shows_matrix_plots_and_failed_files(browser_run):
    _, _, boxes, images_loaded, shot = browser_run
    assert images_loaded and all(images_loaded)
    for selector, box in boxes.items():
        assert box is not None, selector
        assert box["width"] > 100 and box["height"] > 20, (selector, box)
        assert box["y"] + box["height"] <= shot.height, selector
        assert _ink(shot, box) > 0.03, selector  # something is drawn there


def test_failed_files_table_lists_the_broken_files(report_file, sample_output):
    text = report_file.read_text(encoding="utf-8")
    failed = text.split('id="failed-files"', 1)[1].split("</table>", 1)[0]
    assert "broken_scan.pdf" in failed and "empty_order.docx" in failed
    assert "000_24337ae1fe6dfe42.docx" not in failed


def test_report_api_returns_dataframes(sample_output):
    acts, docs = report.load(sample_output)
    maps = report.roadmaps(acts)
    assert len(maps) == 5 and maps["label"].is_unique
    matrix = report.milestone_matrix(acts)
    assert list(matrix.index) == list(maps["label"])
    # every sample roadmap plans the kick-off seminar; Tomsk 2021 printed the wrong year
    assert matrix["kickoff_seminar"].notna().all()
    table = report.milestone_table(acts)
    tomsk = table[(table.roadmap == "Томская область · 2021")
                  & (table.milestone == "kickoff_seminar")].iloc[0]
    assert tomsk.deviation_days == -360 and tomsk.period_raw == "16.02.2020"
    yoy = report.year_over_year(acts)
    assert list(yoy.previous) == ["Томская область · 2021"]
    status = report.file_status(docs)
    assert list(status.status[:2]) != ["ok", "ok"] and set(status.status[2:]) == {"ok"}
    review = report.review_rows(acts, docs)
    assert {"period_out_of_year", "column_unmapped"} <= set(review.code)
    assert review.link.str.startswith("file://").all()
    cov = report.risk_coverage(acts)
    assert set(cov.direction) == set(range(1, 11)) and (cov.inferred >= 0).all()


def test_report_command_refuses_a_folder_without_output(tmp_path, capsys):
    assert cli_main(["report", str(tmp_path), "-o", str(tmp_path / "r.html")]) == 2
    assert "documents.parquet" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_review_rows_pick_up_ocr_and_merged_cells_from_other_stages():
    import pandas as pd

    acts = pd.DataFrame([
        {"source_file": "scan.pdf", "page": 3, "item_no": "4", "activity": "Семинар",
         "warnings": [{"code": "ocr_low_confidence", "message": "mean confidence 41"}],
         "merged_from": []},
        {"source_file": "order.docx", "page": 1, "item_no": "5", "activity": "Курсы",
         "warnings": [], "merged_from": ["period_raw", "executors_raw"]},
        {"source_file": "order.docx", "page": 1, "item_no": "6", "activity": "Курсы",
         "warnings": [{"code": "region_conflict", "message": "not a review reason"}],
         "merged_from": []},
    ])
    docs = pd.DataFrame([{"source_file": "order.docx", "warnings": []}])
    review = report.review_rows(acts, docs)
    assert list(review.category) == ["low OCR confidence", "merged-cell inheritance"]
    assert review.link[0].endswith("scan.pdf#page=3")
    assert "period_raw, executors_raw" in review.message[1]
    assert "#page" not in review.link[1]


def test_report_of_a_folder_where_every_file_failed(tmp_path):
    from roadmap500.pipeline import convert_to_dir
    from roadmap500.report_html import write_report

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.docx").write_bytes(b"")
    convert_to_dir([tmp_path / "in"], tmp_path / "out", nlp=False)
    text = write_report(tmp_path / "out", tmp_path / "r.html").read_text(encoding="utf-8")
    failed = text.split('id="failed-files"', 1)[1].split("</table>", 1)[0]
    assert "empty.docx" in failed and "0 roadmaps" in text
