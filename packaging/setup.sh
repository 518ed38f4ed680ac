#!/usr/bin/env bash
# One script for both README commands, on a fresh Debian 12 with Python 3.11+:
#   bash packaging/setup.sh demo   install everything, then open the app on the demo episode
#   bash packaging/setup.sh test   install everything plus test tools, then run the whole suite headless
# (demo also adds the launcher entry and the earmark:// handler for this user: earmark install-desktop)
# System packages come from apt (with sudo when not root); Python packages go into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

apt_packages=(
  python3-venv libgl1 libegl1 libglib2.0-0 libdbus-1-3 libxkbcommon0 libfontconfig1 libfreetype6 libx11-6
  fonts-dejavu-core xvfb xauth libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libpulse0 libdrm2
  libxrandr2 libxext6 libvlc5 vlc-plugin-base espeak-ng ffmpeg
)
# Test tools for tests/desktop (all small): desktop-file-validate, xdg-mime, a private session bus.
# appstreamcli (package appstream, several MB) is optional: its test skips without it.
if [ "$mode" = "test" ]; then apt_packages+=(desktop-file-utils xdg-utils dbus-daemon); fi
if command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=""; [ "$mode" = "test" ] && extras="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"

case "$mode" in
  demo)
    .venv/bin/earmark install-desktop >/dev/null || echo "(launcher entry not installed)" >&2
    exec .venv/bin/earmark demo ;;
  test) exec .venv/bin/python -m pytest -q "${@:2}" ;;
  install) echo "Installed. Run .venv/bin/earmark" ;;
  *) echo "usage: packaging/setup.sh demo|test|install" >&2; exit 2 ;;
esac
