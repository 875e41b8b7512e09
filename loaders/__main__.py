"""Bulk history loading: python -m loaders FILE_OR_FOLDER... [--db PATH] [--dry-run] [--include-hidden]

One summary line per file (rows, unit, period) and its issues. Exit status 0 when every file loaded
(or was already loaded), 1 when any was refused; a refused file changes nothing.

Backups (for cron): python -m loaders --backup [FOLDER] [--keep 14] — a verified copy of the database in
FOLDER ($CCHC_BACKUP_DIR or data/backups), made through the running dashboard when it holds the file
(`loaders.backup.scheduled_backup`); exit status 0 when done, 2 when not.

Restore (dashboard stopped): python -m loaders --restore FILE [--db PATH] — checked as the page checks an
uploaded backup; the file in use is kept aside as `<db>.truoc-khoi-phuc-YYYYMMDD-HHMMSS`
(`loaders.backup.restore`); exit status 0 when restored, 1 when the backup is refused (nothing changed), 2
when it cannot run (no such file, or the database is open in another program such as the dashboard).
"""

import argparse
import getpass
import logging
import os
import re
import signal
import sys
import threading
from pathlib import Path

from accounts import system_account
from loaders.periods import parse_user_period
from loaders.reader_process import start_reader
from loaders.reading import files_under, read_ahead
from vocabulary.issues import INFO
from vocabulary.numbers import number

# DuckDB and the kinds (`queries`, `loaders.pipeline`, `loaders.kinds`) are imported inside the functions, once
# the children have started reading the files (`read_ahead`): the imports and the opening of the warehouse
# overlap the reading.


def _summary(report) -> str:
    from loaders import kinds

    parts = []
    for sheet in report.sheets:
        if sheet.flat:      # one batch of a flat export: its unit, even when its rows are units
            unit = sheet.reporting_unit or "?"
        else:
            unit = "nhiều đơn vị" if sheet.rows_are_units else (sheet.reporting_unit or "?")
        period = f"{sheet.period.label} ({sheet.period.dates_text()})" if sheet.period else "kỳ ?"
        parts.append(f"[{sheet.source}] {len(sheet.rows)} dòng, {unit}, {period}")
    for table in report.tables:
        facts = ", ".join(f"{key}: {value}" for key, value in table.summary.items())
        parts.append(f"[{table.sheet}] {kinds.LABELS[report.kind]}, {len(table.records)} dòng" + (f", {facts}" if facts else ""))
    return "; ".join(parts) or "không nhận ra loại số liệu"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description="Nạp các báo cáo hồ sơ TTHC (Biểu 06), bảng điểm chỉ số, KPI, chỉ tiêu và nhiệm vụ kế hoạch vào kho dữ liệu.")
    parser.add_argument("paths", nargs="*", help="tệp .xlsx/.csv hoặc thư mục")
    parser.add_argument("--db", help="đường dẫn tệp DuckDB (mặc định $CCHC_DB hoặc data/cchc.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    parser.add_argument("--period", help="kỳ báo cáo khi tệp không ghi, ví dụ \"15/6/2024-14/9/2024\" hoặc \"Quý III/2024\"")
    parser.add_argument("--unit", help="đơn vị báo cáo khi tệp không ghi")
    parser.add_argument("--include-hidden", action="store_true",
                        help="đọc cả các trang tính ẩn (mặc định chỉ nêu tên và bỏ qua)")
    parser.add_argument("-q", "--quiet", action="store_true", help="không in các dòng thông tin")
    parser.add_argument("--backup", nargs="?", const="", metavar="THƯ_MỤC",
                        help="sao lưu cơ sở dữ liệu (đã kiểm tra) vào THƯ_MỤC (mặc định $CCHC_BACKUP_DIR hoặc data/backups)")
    parser.add_argument("--keep", type=int, default=14, help="số bản sao lưu mới nhất được giữ lại (0: giữ tất cả)")
    parser.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    parser.add_argument("--restore", metavar="TỆP",
                        help="khôi phục cơ sở dữ liệu (--db) từ bản sao lưu TỆP khi dashboard đã dừng; tệp được kiểm tra "
                             "như khi khôi phục trên trang, tệp đang dùng được giữ lại bên cạnh "
                             "(<tệp>.truoc-khoi-phuc-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY). Mã thoát: 0 đã khôi phục; 1 bản sao lưu "
                             "bị từ chối, không thay đổi gì; 2 không chạy được (không có tệp, hoặc cơ sở dữ liệu đang "
                             "được dashboard mở)")
    args = parser.parse_args(argv)
    if args.restore is not None:
        return _restore(args)
    if args.backup is not None:
        return _backup(args)
    if not args.paths:
        parser.error("hãy cho biết tệp hoặc thư mục cần nạp (hoặc --backup)")

    period = None
    if args.period:
        period = parse_user_period(args.period)
        if period is None:
            print(f"Không hiểu kỳ báo cáo \"{args.period}\".", file=sys.stderr)
            return 2
    files = files_under(args.paths)
    reads = read_ahead(files)          # the children start on the first files now, while the rest imports

    import queries
    from loaders.pipeline import commit_file, inspect_file

    try:
        con = queries.connect(args.db, verify=True)
    except (queries.DatabaseBusy, queries.DatabaseDamaged) as exc:
        print(str(exc), file=sys.stderr)
        return 2

    refused = 0
    if not files:
        con.close()
        print("Không có tệp .xlsx/.csv nào.", file=sys.stderr)
        return 1
    for path, data, read in reads:
        if isinstance(data, OSError):
            print(f"LỖI  {path}: không đọc được tệp ({data.strerror}).")
            refused += 1
            continue
        report = inspect_file(con, str(path), data, period=period, unit=args.unit, include_hidden=args.include_hidden,
                              read=read)
        if report.has_errors:
            status = "TỪ CHỐI"
            refused += 1
        elif report.is_duplicate:
            status = "ĐÃ CÓ"
        elif args.dry_run:
            status = "KIỂM TRA"
        else:
            stored = commit_file(con, report, loaded_by=f"dòng lệnh ({getpass.getuser()})",
                                 by=system_account(getpass.getuser()))
            replaced = sorted({b for s in stored for b in s.replaced})
            status = "ĐÃ NẠP" + (f" (thay lô {', '.join(map(str, replaced))})" if replaced else "")
        print(f"{status:<8} {path}: {_summary(report)}")
        for issue in report.issues:
            if issue.level == INFO and args.quiet:
                continue
            print(f"    {issue}")
    loaded = len(files) - refused
    verb = "kiểm tra đạt (chưa ghi gì)" if args.dry_run else "nạp được"
    print(f"Tổng: {len(files)} tệp, {loaded} {verb}, {refused} bị từ chối.")
    con.close()       # written to the file now (DuckDB's checkpoint), not at the process's end: `_exit_now`
    return 1 if refused else 0



def _backup(args) -> int:
    import queries
    from loaders.backup import BackupFailed, scheduled_backup

    db_file = queries.db_path(args.db)
    folder = Path(args.backup) if args.backup else queries.backup_dir()
    try:
        target, summary, removed = scheduled_backup(db_file, folder, keep=args.keep, wait=args.wait,
                                                    by=system_account(getpass.getuser()))
    except BackupFailed as exc:
        print(f"SAO LƯU KHÔNG ĐƯỢC: {exc}", file=sys.stderr)
        return 2
    period = (f", {summary.first_period_label} – {summary.last_period_label}" if summary.first_period_label else "")
    print(f"ĐÃ SAO LƯU {db_file} → {target}: đã kiểm tra, {number(summary.batches)} lô, {number(summary.dossier_rows)} dòng hồ sơ{period}.")
    if removed:
        print(f"Đã xóa {len(removed)} bản sao lưu cũ (giữ {args.keep} bản mới nhất).")
    return 0


def _exit_now(code: int) -> None:
    """End a load without Python's teardown, once its output is written and the warehouse closed (`main`): freeing
    DuckDB's module at exit cost 94–227 ms (median 182) on the 2-core machine, up to a fifth of the command line's run on a report (bench/RESULTS.md,
    h-load4). Only when nothing else runs (one thread); otherwise the ordinary exit."""
    if threading.active_count() != 1:
        return
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _restore(args) -> int:
    import queries
    from loaders.backup import InvalidBackup, ensure_not_in_use, restore

    source, db_file = Path(args.restore), queries.db_path(args.db)
    try:
        data = source.read_bytes()
    except OSError as exc:
        print(f"KHÔNG KHÔI PHỤC: không đọc được tệp {source} ({exc.strerror}).", file=sys.stderr)
        return 2
    try:
        ensure_not_in_use(db_file)
    except queries.DatabaseBusy as exc:
        who = re.search(r"PID \d+", str(exc))
        print(f"KHÔNG KHÔI PHỤC: cơ sở dữ liệu {db_file} đang được một chương trình khác mở"
              f"{f' (tiến trình {who.group(0)})' if who else ''}, thường là dashboard. Hãy dừng dashboard rồi chạy lại "
              "lệnh, hoặc khôi phục trên trang \"Quản lý dữ liệu\", mục \"Khôi phục từ bản sao lưu\". Không có gì "
              "thay đổi.", file=sys.stderr)
        return 2
    try:
        done = restore(db_file, data, source.name, close_connection=lambda: None,
                       by=system_account(getpass.getuser()))
    except InvalidBackup as exc:
        print(f"KHÔNG KHÔI PHỤC: {exc}", file=sys.stderr)
        return 1
    summary = done.summary
    period = (f", {summary.first_period_label} – {summary.last_period_label}" if summary.first_period_label else "")
    print(f"ĐÃ KHÔI PHỤC {db_file} từ {source}: {number(summary.batches)} lô, {number(summary.dossier_rows)} dòng hồ sơ{period}. "
          f"Tệp đang dùng trước đó được giữ ở {done.aside}.")
    return 0


if __name__ == "__main__":
    if hasattr(signal, "SIGPIPE"):   # `… | head` ends quietly, as command-line tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    loading = len(sys.argv) > 1 and not {"--backup", "--restore", "-h", "--help"} & set(sys.argv)
    if loading:
        # files to read, and one thread yet: the fork server is a copy of this process (not of a caller of main())
        start_reader(fork=True)
    code = main()
    if loading:
        _exit_now(code)
    sys.exit(code)
