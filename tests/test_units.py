"""Matching unit names as offices write them to one directory entry."""

import pytest

from loaders.units import alias_key, display_name, guess_level


@pytest.mark.parametrize("written, key, shown, level", [
    ("Sở Tư pháp tỉnh Quảng Trị", "so tu phap", "Sở Tư pháp", "so"),
    ("SỞ TƯ PHÁP", "so tu phap", "SỞ TƯ PHÁP", "so"),
    ("Sở Y tế tỉnh Thanh Hóa", "so y te", "Sở Y tế", "so"),
    ("Sở Giao thông vận tải tỉnh Hà Tĩnh", "so giao thong van tai", "Sở Giao thông vận tải", "so"),
    ("Sở Kế hoạch và Đầu tư thành phố Hà Nội", "so ke hoach va dau tu", "Sở Kế hoạch và Đầu tư", "so"),
    ("Thanh tra tỉnh Hà Tĩnh", "thanh tra tinh", "Thanh tra tỉnh", "so"),
    ("Thanh tra tỉnh", "thanh tra tinh", "Thanh tra tỉnh", "so"),
    ("Văn phòng UBND tỉnh Quảng Trị", "van phong ubnd tinh", "Văn phòng UBND tỉnh", "so"),
    ("UBND tỉnh Quảng Trị", "ubnd tinh quang tri", "UBND tỉnh Quảng Trị", "tinh"),
    ("UBND phường Đông Lương", "ubnd phuong dong luong", "UBND phường Đông Lương", "xa"),
    ("UBND huyện Gio Linh", "ubnd huyen gio linh", "UBND huyện Gio Linh", "huyen"),
])
def test_unit_names(written, key, shown, level):
    assert alias_key(written) == key
    assert display_name(written) == shown
    assert guess_level(written) == level


def test_nfd_and_spacing_do_not_make_a_new_unit():
    import unicodedata
    assert alias_key(unicodedata.normalize("NFD", "Sở  Nội\nvụ")) == alias_key("Sở Nội vụ") == "so noi vu"


def test_official_quarter_of_a_day():
    from datetime import date

    from vocabulary.periods import quarter_of
    assert quarter_of(date(2026, 11, 22)).dates_text() == "15/09/2026 – 14/12/2026"
    assert quarter_of(date(2026, 12, 15)).label == "Quý I/2027"     # 15/12 opens next year's Q1
    assert quarter_of(date(2026, 3, 14)).label == "Quý I/2026"
    assert quarter_of(date(2026, 3, 15)).label == "Quý II/2026"


def test_many_new_units_are_named_five_then_counted_the_vietnamese_way():
    from loaders.units import names_listed
    names = [f"UBND xã {i}" for i in range(1, 1501)]
    assert names_listed(names) == "UBND xã 1, UBND xã 2, UBND xã 3, UBND xã 4, UBND xã 5 và 1.495 đơn vị khác"
    assert names_listed(names[:2]) == "UBND xã 1, UBND xã 2"
