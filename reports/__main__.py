"""Reports from the command line (for cron and for the CCHC office):

    python -m reports bieu06 --db PATH --from 2024-12-15 --to 2025-12-14 [--units "Sở Tư pháp,Sở Y tế"]
                             [--by unit|linh_vuc] [--source reports] --out FILE.xlsx
    python -m reports bulletin --db PATH [--period "Quý III/2025" | --every week|month|quarter] --out DIR [--send]
    python -m reports export-parquet --db PATH --out DIR [--province "Quảng Trị"]

Exit status 0 when written (and, with --send, every delivery succeeded), 1 when a delivery failed (it is
recorded and retried: by the running dashboard when its time comes, and by the next run), 2 on bad arguments, an
unreadable database, or a dashboard holding the database that did not take the send request
(reports/send_requests.py: while the dashboard runs, it writes and sends the bulletin on the command's behalf).
"""

import argparse
import contextlib
import functools
import os
import datetime as dt
import sys
import tempfile
from pathlib import Path

import queries
from vocabulary.numbers import number
from loaders.text import match_key
from reports.bieu06 import SOURCES
from reports.bulletin_window import EVERY


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày \"{text}\" không đúng dạng YYYY-MM-DD") from None


def unit_ids_for(con, names: str | None) -> tuple[list[int] | None, list[str]]:
    """The unit ids of a comma-separated list of names (compared without accents and case); unknown names."""
    if not names:
        return None, []
    known = {key: unit_id for key, unit_id, _ in queries.rows(con, "unit_aliases")}
    ids, unknown = [], []
    for name in (n.strip() for n in names.split(",")):
        if not name:
            continue
        found = known.get(match_key(name))
        (ids.append(found) if found is not None else unknown.append(name))
    return ids, unknown


def _bieu06(args) -> int:
    from reports import bieu06

    if args.date_to < args.date_from:
        print("Ngày kết thúc (--to) phải sau ngày bắt đầu (--from).", file=sys.stderr)
        return 2
    with _readable(args.db) as con:
        if con is None:
            return 2
        unit_ids, unknown = unit_ids_for(con, args.units)
        if unknown:
            print("Không tìm thấy đơn vị: " + ", ".join(unknown) + ". Xem danh mục ở trang \"Quản lý dữ liệu\".",
                  file=sys.stderr)
            return 2
        report = bieu06.gather(functools.partial(queries.run, con), args.date_from, args.date_to, unit_ids,
                               by=args.by, source=args.source, reporter=args.reporter, recipient=args.recipient)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bieu06.workbook_bytes(report))
    total = int(report.rows["recv_total"].sum()) if not report.rows.empty else 0
    print(f"Đã ghi {out}: {report.period.label}, {number(len(report.rows))} dòng, tổng số hồ sơ nhận giải quyết "
          f"{number(total)}; {number(len(report.checks))} phát hiện kiểm tra; {number(len(report.missing))} đơn vị "
          "chưa báo cáo đủ.")
    return 0


def _bulletin(args) -> int:
    from reports import bulletin

    try:
        con = queries.connect(args.db)
    except queries.DatabaseDamaged as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except queries.DatabaseBusy:
        if args.send:   # the send log goes into the warehouse the dashboard holds: the dashboard sends for us
            from reports.send_requests import NoAnswer, ask_the_dashboard

            print(f"Dashboard đang mở cơ sở dữ liệu {queries.db_path(args.db)}: gửi yêu cầu để dashboard lập và gửi "
                  "bản tin…", file=sys.stderr)
            try:
                code, said = ask_the_dashboard(queries.db_path(args.db), args.period, args.every, Path(args.out),
                                               wait=args.wait)
            except NoAnswer as exc:
                print(str(exc), file=sys.stderr)
                return 2
            bulletin.say(said)
            return code
        with _readable(args.db) as con:
            return 2 if con is None else bulletin.command(con, args.period, Path(args.out), send=False, every=args.every)
    try:
        return bulletin.command(con, args.period, Path(args.out), send=args.send, every=args.every)
    finally:
        con.close()


def _export_parquet(args) -> int:
    from reports import parquet_export

    province = args.province or os.environ.get("CCHC_PROVINCE", "")
    with _readable(args.db) as con:
        if con is None:
            return 2
        try:
            counts = parquet_export.export(con, Path(args.out), province)
        except parquet_export.ExportRefused as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(f"Đã xuất {number(len(counts))} bảng ({number(sum(counts.values()))} dòng, trong đó "
          f"{number(counts.get('dossier_count', 0))} dòng số liệu hồ sơ) vào {args.out}.")
    return 0


@contextlib.contextmanager
def _readable(path):
    """A connection to the warehouse for reading; when the running dashboard holds the file, to a verified copy
    of it that the dashboard makes (loaders.backup.scheduled_backup), so cron works beside the dashboard.
    Yields None (the reason printed) when neither can be had."""
    from loaders.backup import BackupFailed, scheduled_backup

    try:
        con = queries.connect(path)
    except queries.DatabaseDamaged as exc:
        print(str(exc), file=sys.stderr)
        yield None
        return
    except queries.DatabaseBusy:
        with tempfile.TemporaryDirectory(prefix="cchc-bao-cao-") as folder:
            try:
                copy, _, _ = scheduled_backup(queries.db_path(path), Path(folder), keep=0)
            except BackupFailed as exc:
                print(str(exc), file=sys.stderr)
                yield None
                return
            con = queries.connect(copy)
            try:
                yield con
            finally:
                con.close()
        return
    try:
        yield con
    finally:
        con.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Lập báo cáo tổng hợp Biểu 06 và bản tin CCHC.")
    sub = parser.add_subparsers(dest="command", required=True)
    b06 = sub.add_parser("bieu06", help="Biểu số 06/VPCP/KSTT tổng hợp (.xlsx)")
    b06.add_argument("--db", help="tệp DuckDB (mặc định $CCHC_DB hoặc data/cchc.duckdb)")
    b06.add_argument("--from", dest="date_from", type=_date, required=True, help="ngày đầu kỳ, YYYY-MM-DD")
    b06.add_argument("--to", dest="date_to", type=_date, required=True, help="ngày cuối kỳ, YYYY-MM-DD")
    b06.add_argument("--units", help="các đơn vị, cách nhau bằng dấu phẩy (mặc định: tất cả)")
    b06.add_argument("--by", choices=("linh_vuc", "unit"), default="linh_vuc", help="dòng theo lĩnh vực hoặc đơn vị")
    b06.add_argument("--source", choices=sorted(SOURCES),
                     default="reports", help="nguồn số liệu")
    b06.add_argument("--reporter", help="Đơn vị báo cáo (mặc định: Ủy ban nhân dân tỉnh $CCHC_PROVINCE)")
    b06.add_argument("--recipient", default="Văn phòng Chính phủ", help="Đơn vị nhận báo cáo")
    b06.add_argument("--out", required=True, help="tệp .xlsx sẽ ghi")
    bul = sub.add_parser("bulletin", help="bản tin CCHC của một kỳ (.eml, .html, .pdf, .txt)")
    bul.add_argument("--db", help="tệp DuckDB (mặc định $CCHC_DB hoặc data/cchc.duckdb)")
    bul.add_argument("--period", help="kỳ, ví dụ \"Quý III/2025\", \"Tháng 5/2025\", \"Tuần 20/2025\" (mặc định: quý "
                     "gần nhất có số liệu)")
    bul.add_argument("--every", choices=EVERY, help="kỳ vừa kết thúc trước hôm nay: tuần (thứ Hai–Chủ nhật), tháng "
                     "hoặc quý (15→14) — cho lệnh định kỳ (cron)")
    bul.add_argument("--out", required=True, help="thư mục ghi bản tin")
    bul.add_argument("--send", action="store_true", help="gửi theo các quy tắc (e-mail, webhook); khi dashboard đang mở "
                     "cơ sở dữ liệu, dashboard gửi thay và lệnh in kết quả")
    bul.add_argument("--wait", type=float, default=900.0, help="số giây chờ dashboard nhận yêu cầu gửi (mặc định 900)")
    exp = sub.add_parser("export-parquet", help="kho dữ liệu dạng Parquet, phân vùng theo tỉnh và năm (bản toàn quốc)")
    exp.add_argument("--db", help="tệp DuckDB (mặc định $CCHC_DB hoặc data/cchc.duckdb)")
    exp.add_argument("--out", required=True, help="thư mục chung của bản toàn quốc (các tỉnh xuất vào cùng thư mục)")
    exp.add_argument("--province", help="tên tỉnh (mặc định $CCHC_PROVINCE)")
    args = parser.parse_args(argv)
    commands = {"bieu06": _bieu06, "bulletin": _bulletin, "export-parquet": _export_parquet}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
