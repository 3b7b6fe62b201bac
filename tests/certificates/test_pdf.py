"""The certificate PDF read back as a document: one A4 landscape page that states the holder,
the track and the code in our embedded fonts, and draws something."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from tests.certificates.conftest import certificates_of, finish_track

RUSSIAN_NAME = "Айгерим Сейткали"


def downloaded(client, login_as, person) -> bytes:
    [certificate] = certificates_of(person)
    login_as(person)
    response = client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response.get_data()


def test_the_pdf_states_a_cyrillic_name_the_track_and_the_code_on_one_landscape_page(
    client, login_as, curriculum, make_user, designate_person
):
    learner = make_user(country="KZ", name=RUSSIAN_NAME)
    designate_person(learner)
    finish_track(learner)
    [certificate] = certificates_of(learner)

    reader = PdfReader(io.BytesIO(downloaded(client, login_as, learner)))

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4
    text = reader.pages[0].extract_text()
    assert RUSSIAN_NAME in text
    assert "Kazakhstan" in text
    assert "Deep dive on transit" in text
    assert "Intermediate" in text
    assert certificate.code in text
    assert f"/verify/{certificate.code}" in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert "DejaVuSerif-Bold" in fonts


def test_page_one_draws(client, login_as, curriculum, make_user, designate_person, tmp_path):
    learner = make_user(country="KZ", name=RUSSIAN_NAME)
    designate_person(learner)
    finish_track(learner)
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(downloaded(client, login_as, learner))
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils (pdftoppm) is needed: .ci/run installs it"

    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )

    page = Image.open(Path(tmp_path / "page.png")).convert("L")
    assert page.width > page.height
    dark = sum(page.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.01 * page.width * page.height  # text, the frame and the QR code
