"""Managing accounts from the server's command line (the first admin, a forgotten password):

    python -m accounts add TÊN --role admin|analyst|viewer [--display-name "Họ tên"] [--unit "Sở Tư pháp" ...]
    python -m accounts password TÊN
    python -m accounts remove TÊN
    python -m accounts list

The password is asked twice without echo (or read from one line of standard input with --password-stdin).
Whoever can run this owns the files, so it acts with every role (`accounts.system_account`).
"""

import argparse
import getpass
import sys

from accounts import config, users
from accounts.roles import ROLE_LABELS, ROLES, system_account


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise users.UserRefused("Hai lần nhập mật khẩu không giống nhau.")
    return first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accounts", description="Quản lý tài khoản của bảng điều khiển CCHC.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="thêm tài khoản")
    add.add_argument("login")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--display-name")
    add.add_argument("--unit", action="append", help="đơn vị người xem được xem (lặp lại cho nhiều đơn vị)")
    add.add_argument("--password-stdin", action="store_true")
    pw = sub.add_parser("password", help="đặt lại mật khẩu")
    pw.add_argument("login")
    pw.add_argument("--password-stdin", action="store_true")
    rm = sub.add_parser("remove", help="xóa tài khoản")
    rm.add_argument("login")
    sub.add_parser("list", help="liệt kê tài khoản")
    args = parser.parse_args(argv)
    me = system_account(getpass.getuser())
    try:
        if args.command == "add":
            users.add_user(args.login, args.role, _password(args), me, display_name=args.display_name, units=args.unit)
            print(f"Đã thêm tài khoản {args.login} ({ROLE_LABELS[args.role]}) vào {config.path()}.")
        elif args.command == "password":
            users.set_password(args.login, _password(args), me)
            print(f"Đã đặt mật khẩu cho {args.login}.")
        elif args.command == "remove":
            users.remove_user(args.login, me)
            print(f"Đã xóa tài khoản {args.login}.")
        else:
            found = config.users()
            if not config.configured():
                print(f"Chưa có tệp tài khoản ({config.path()}): dashboard chạy ở chế độ cục bộ.")
            for user in found.values():
                scope = f" — chỉ xem: {', '.join(user.units)}" if user.units else ""
                state = "" if user.password else " — CHƯA ĐẶT MẬT KHẨU"
                print(f"{user.login}\t{user.display_name}\t{ROLE_LABELS[user.role]}{scope}{state}")
    except (users.UserRefused, config.AccountsFileError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
