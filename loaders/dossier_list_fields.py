"""What a dossier list says and how vendors word it (domain.md §8.1–8.2): the one home of the list's column
synonyms, status and channel codes, and the headers of personal data that are never read into the warehouse."""

from loaders.tables import DATE, INTEGER, NUMBER, TEXT, Column
from vocabulary.dossier_list import STATUS_LABELS

# canonical field → accepted header texts (the vendors' Vietnamese, then the national portal's field name).
# Types are those of the stored column; every cell is read as text first and converted column by column.
COLUMNS = [
    Column("code", ("Mã hồ sơ", "Số hồ sơ", "Mã HS", "MaHoSo")),
    Column("received_at", ("Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "NgayTiepNhan"), DATE),
    Column("status", ("Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "TrangThaiHoSo")),
    Column("unit", ("Đơn vị tiếp nhận", "Đơn vị xử lý", "Đơn vị giải quyết", "Cơ quan giải quyết",
                    "Cơ quan thực hiện", "Đơn vị", "DonViXuLy"), required=False),
    Column("procedure_code", ("Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "MaTTHC"), required=False),
    Column("procedure_name", ("Tên thủ tục hành chính", "Tên thủ tục", "Thủ tục hành chính", "Tên TTHC", "TenTTHC"),
           required=False),
    Column("linh_vuc", ("Lĩnh vực", "Tên lĩnh vực", "TenLinhVuc"), required=False),
    Column("linh_vuc_code", ("Mã lĩnh vực", "MaLinhVuc"), required=False),
    Column("channel", ("Hình thức nộp", "Kênh", "Kênh thực hiện", "Kênh nộp", "Hình thức tiếp nhận", "KenhThucHien"),
           required=False),
    Column("due_at", ("Ngày hẹn trả", "Ngày hẹn trả kết quả", "Hạn giải quyết", "Hạn xử lý", "NgayHenTra"), DATE,
           required=False),
    Column("ended_at", ("Ngày kết thúc xử lý", "Ngày có kết quả", "Ngày hoàn thành", "Ngày kết thúc",
                        "NgayKetThucXuLy"), DATE, required=False),
    Column("returned_at", ("Ngày trả", "Ngày trả kết quả", "NgayTra"), DATE, required=False),
    Column("statutory_days", ("Thời hạn giải quyết (ngày)", "Thời hạn giải quyết", "Số ngày giải quyết",
                              "ThoiHanGiaiQuyet"), NUMBER, required=False),
    Column("digitised", ("Có thành phần số hóa", "Số hóa thành phần", "Số hóa", "HoSoCoThanhPhanSoHoa"), required=False),
    Column("paid_online", ("Thanh toán trực tuyến", "Đã thanh toán trực tuyến", "DuocThanhToanTrucTuyen"),
           required=False),
    Column("fee_bearing", ("Có phí, lệ phí", "Có thu phí", "Thu phí, lệ phí", "CoPhiLePhi"), required=False),
    Column("e_result", ("Có kết quả điện tử", "Kết quả điện tử", "CoKetQuaDienTu"), required=False),
    Column("reused", ("Có tái sử dụng dữ liệu", "Tái sử dụng dữ liệu", "DuocTaiSuDung"), required=False),
    Column("supplement_count", ("Số lần yêu cầu bổ sung", "Số lần bổ sung", "SoLanBoSung"), INTEGER, required=False),
    Column("supplement_first_at", ("Ngày yêu cầu bổ sung", "NgayYeuCauBoSung"), DATE, required=False),
    Column("supplement_answered_at", ("Ngày nhận bổ sung", "Ngày tiếp nhận bổ sung", "NgayTiepNhanBoSung"), DATE,
           required=False),
]
DATE_FIELDS = [c.name for c in COLUMNS if c.type == DATE]
FLAG_FIELDS = ("digitised", "paid_online", "fee_bearing", "e_result", "reused")
TEXT_FIELDS = [c.name for c in COLUMNS if c.type == TEXT and c.name not in FLAG_FIELDS + ("status", "channel")]

# Headers of personal data (domain.md §8.1): recognised only to say they were dropped; their cells are never
# read into anything that is stored, logged or exported. Compared by match_key, as a prefix ("Địa chỉ thường trú").
PERSONAL_HEADERS = ("Chủ hồ sơ", "Người nộp", "Người đứng tên", "Tên người nộp", "Họ và tên", "Họ tên",
                    "Tên tổ chức, cá nhân", "Tổ chức, cá nhân", "Số CMND", "CMND", "CCCD", "Căn cước",
                    "Số định danh", "Số giấy tờ", "Giấy tờ tùy thân", "Số điện thoại", "Điện thoại", "Email",
                    "Thư điện tử", "Địa chỉ", "Trích yếu", "Nội dung yêu cầu", "Người tiếp nhận", "Người xử lý",
                    "ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "DiaChi", "TrichYeuHoSo", "NguoiNop")

# Every way a list writes a status, by match key: the code, the form's label, vendor wordings, the portal's English.
STATUS_WORDS = {
    **{str(code): code for code in STATUS_LABELS}, **{f"0{code}": code for code in range(1, 10)},
    "moi dang ky": 1, "cho tiep nhan": 1, "receiving": 1,
    "duoc tiep nhan": 2, "da tiep nhan": 2, "tiep nhan": 2, "new": 2,
    "khong duoc tiep nhan": 3, "tu choi tiep nhan": 3, "tu choi": 3, "denied": 3,
    "dang xu ly": 4, "dang giai quyet": 4, "processing": 4,
    "yeu cau bo sung giay to": 5, "yeu cau bo sung": 5, "cho bo sung": 5, "bo sung ho so": 5, "waiting": 5,
    "yeu cau thuc hien nghia vu tai chinh": 6, "cho thuc hien nghia vu tai chinh": 6, "nghia vu tai chinh": 6,
    "paying": 6,
    "cong dan yeu cau rut ho so": 7, "rut ho so": 7, "da rut ho so": 7, "cancelled": 7, "canceled": 7,
    "dung xu ly": 8, "tam dung": 8, "tam dung xu ly": 8, "unresolved": 8,
    "da xu ly xong": 9, "da giai quyet": 9, "co ket qua": 9, "releasing": 9,
    "da tra ket qua": 10, "hoan thanh": 10, "done": 10,
}
CHANNEL_WORDS = {
    "1": 1, "truc tiep": 1, "tai bo phan mot cua": 1, "nop truc tiep": 1,
    "2": 2, "truc tuyen": 2, "dvc truc tuyen": 2, "dich vu cong truc tuyen": 2, "qua mang": 2, "online": 2,
    "truc tuyen toan trinh": 2, "truc tuyen mot phan": 2, "nop truc tuyen": 2,
    "3": 3, "buu chinh": 3, "buu chinh cong ich": 3, "dich vu buu chinh cong ich": 3, "bcci": 3, "qua buu dien": 3,
    "qua buu chinh": 3, "qua dich vu buu chinh cong ich": 3,
}
TRUE_WORDS = ("1", "true", "co", "x", "yes", "dung")
FALSE_WORDS = ("0", "false", "khong", "no", "sai")

# Data errors (domain.md §8.2 and the reading itself): the record is stored, reported by row, counted nowhere.
DATA_ERRORS = {
    "no_code": "không có mã hồ sơ (dòng không được lưu)",
    "no_unit": "không có đơn vị tiếp nhận (dòng không được lưu)",
    "unknown_status": "trạng thái không nhận ra",
    "no_end": "trạng thái đã kết thúc (rút, đã xử lý xong, đã trả) nhưng không có ngày kết thúc xử lý",
    "end_before_receipt": "ngày kết thúc xử lý trước ngày tiếp nhận",
    "no_receipt": "không có ngày tiếp nhận",
    "bad_date": "ngày không đọc được",
    "duplicate": "mã hồ sơ lặp lại trong tệp (dòng sau được dùng)",
}

# The national portal's sync payload (JSON): its service names, and the lists whose items carry the 766 flags.
SYNC_SERVICES = ("DongBoHoSoMC", "CapNhatTienDoHoSoMC")
PORTAL_DATE_FORMAT = "%Y%m%d%H%M%S"
