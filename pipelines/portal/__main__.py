"""The portal's command: serve it, and make or reset accounts.

python -m pipelines.portal serve                           # http://127.0.0.1:8080, this computer only
python -m pipelines.portal serve --host 0.0.0.0 --port 8080  # behind an HTTPS reverse proxy (README)
python -m pipelines.portal account add NAME --role analyst   # asks for the password twice
python -m pipelines.portal account add NAME --role unit --unit DINKES
python -m pipelines.portal account add NAME --role pmprb
python -m pipelines.portal account reset NAME                # a new password; ends its sessions, lifts a lock
python -m pipelines.portal account list

A password is asked for at the terminal (never shown, never a default), or read
from the first line of standard input with ``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from pipelines.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the portal")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--proxy", default="127.0.0.1", help="address of the reverse proxy whose X-Forwarded-* headers are trusted"
    )
    account = commands.add_parser("account", help="make, reset or list accounts")
    actions = account.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["unit", "analyst", "pmprb"])
    add.add_argument("--unit", help="the unit's code in sources/units.csv (role unit)")
    add.add_argument("--password-stdin", action="store_true")
    reset = actions.add_parser("reset", help="a new password for an account")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true")
    actions.add_parser("list", help="every account")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "serve":
        return _serve(settings, args.host, args.port, args.proxy)
    return _account(settings, args)


def _serve(settings: Settings, host: str, port: int, proxy: str) -> int:
    import uvicorn

    from pipelines.portal.app import build_app

    app = build_app(settings)
    print(
        f"Portal RB di http://{host}:{port}/ (basis data akun {settings.portal_db_path}; Ctrl+C untuk berhenti)",
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips=proxy, server_header=False)
    return 0


def _account(settings: Settings, args: argparse.Namespace) -> int:
    from assets.roadmap.catalogue import load_units
    from pipelines.portal import accounts
    from pipelines.portal.store import Store

    store = Store(settings.portal_db_path)
    try:
        if args.action == "list":
            for a in accounts.listed(store):
                print(f"{a.username}\t{a.role}\t{a.unit_code or ''}")
            return 0
        password = _password(args.password_stdin)
        if args.action == "add":
            unit = (args.unit or "").strip().upper() or None
            if args.role == "unit":
                known = set(load_units(settings.sources_dir)["code"])
                if unit not in known:
                    raise accounts.AccountError(
                        f"Kode unit '{args.unit}' tidak ada di {settings.sources_dir}/units.csv."
                    )
            made = accounts.create(store, args.name, args.role, password, unit)
            print(f"Akun '{made.username}' ({made.role_label}{' ' + made.unit_code if made.unit_code else ''}) dibuat.")
        else:
            accounts.reset(store, args.name, password)
            print(f"Kata sandi akun '{args.name}' diganti; sesi yang terbuka ditutup.")
    except accounts.AccountError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Kata sandi baru: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        print("Kedua kata sandi tidak sama.", file=sys.stderr)
        sys.exit(2)
    return first


if __name__ == "__main__":
    sys.exit(main())
