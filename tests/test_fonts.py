"""Every Vietnamese letter prints: the fonts' cmaps cover the 134 precomposed letters, and a PDF set in the
handout's font gives them all back as text (pdftotext) and renders (pdftoppm)."""

import datetime as dt
import subprocess
import unicodedata

from reports import fonts, pdf
from reports.slides import Deck, Slide


def test_the_letter_set():
    letters = fonts.vietnamese_letters()
    # 12 vowels × 6 tones = 72 forms, less the 6 plain ASCII vowels = 66, plus đ = 67 lowercase; ×2 = 134
    assert len(letters) == 134 and len(set(letters)) == 134
    assert all(len(c) == 1 and unicodedata.normalize("NFC", c) == c and not c.isascii() for c in letters)
    assert letters[:67] == [c.lower() for c in letters[67:]]
    for letter in "ăâđêôơưàảãạằắẳẵặầấẩẫậèẻẽẹềếểễệìỉĩịòỏõọồốổỗộờớởỡợùủũụừứửữựỳỷỹỵĐỰỸ":
        assert letter in letters


def test_the_handout_font_covers_every_letter_in_all_four_faces():
    family = fonts.pdf_family()
    for face in family.files:
        assert fonts.missing_letters(face) == (), face


def test_the_chart_fonts_cover_every_letter():
    assert fonts.missing_letters(fonts.chart_font()) == ()
    assert fonts.missing_letters(fonts.chart_font_bold()) == ()


def test_a_font_without_vietnamese_is_caught():
    # DejaVu Sans Mono (in matplotlib's data) lacks ả, ắ, ẳ… — the check must see it, not trust the name
    mono = fonts.chart_font().with_name("DejaVuSansMono.ttf")
    missing = fonts.missing_letters(mono)
    assert "ả" in missing and "ắ" in missing and "à" not in missing
    assert len(fonts.missing_letters(mono.with_name("no-such-font.ttf"))) == 134


def test_a_pdf_with_every_letter_gives_them_back(tmp_path):
    letters = fonts.vietnamese_letters()
    lower, upper = "".join(letters[:67]), "".join(letters[67:])
    deck = Deck("Kiểm tra phông chữ", "Sở Tư pháp", "Quý IV/2025", dt.datetime(2026, 1, 5))
    deck.slides = [Slide("letters", "Bảng chữ cái tiếng Việt", narrative=(lower, upper))]
    path = tmp_path / "letters.pdf"
    path.write_bytes(pdf.build(deck))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = "".join(unicodedata.normalize("NFC", text).split())   # a line may wrap inside the long "word"
    assert lower in text and upper in text
    fonts_used = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert fonts.pdf_family().name in fonts_used
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 2000
