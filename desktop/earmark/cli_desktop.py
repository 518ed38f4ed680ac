"""The ``open`` and ``install-desktop`` subcommands of the ``earmark`` command.

``earmark open URL`` checks the ``earmark://episode/<id>?t=<seconds>[&end=<seconds>]`` link,
then hands it to the running window (or starts one) which opens the episode and plays there.
``earmark install-desktop [--uninstall]`` puts the launcher entry, icons, metainfo and the
``earmark://`` handler in place for this user (:mod:`earmark.services.desktop_entry`).
"""

from __future__ import annotations

import argparse

from earmark.app import Services
from earmark.core.errors import InputError


def cmd_open(args: argparse.Namespace, services: Services) -> int:
    from earmark.core.links import parse_link

    try:
        parse_link(args.url)
    except ValueError as error:
        problem = str(error).removeprefix(f"{args.url.strip()}: ")
        raise InputError(args.url, problem) from None
    from earmark.gui.main import run_gui  # Qt only now that the link is known to be good

    return run_gui(services.folder, target=args.url.strip())


def cmd_install_desktop(args: argparse.Namespace, services: Services) -> int:
    from earmark.services import desktop_entry

    report = desktop_entry.uninstall() if args.uninstall else desktop_entry.install()
    verb = "Removed" if args.uninstall else "Installed"
    for path in report.files:
        print(f"{verb} {path}")
    if report.registered:
        print(report.registered)
    if not report.files and args.uninstall:
        print("Nothing to remove")
    return 0


def add_desktop_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open an earmark:// link (in the running window if there is one)")
    p.add_argument("url", metavar="URL", help="earmark://episode/<id>?t=<seconds>[&end=<seconds>]")
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser(
        "install-desktop", help="launcher entry, icon and the earmark:// handler for this user"
    )
    p.add_argument("--uninstall", action="store_true", help="remove them again")
    p.set_defaults(handler=cmd_install_desktop)
