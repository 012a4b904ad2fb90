#!/usr/bin/env bash
# Reverses install.sh: stops and disables the unit, removes it, the bundle and /etc/riposte. The Wazuh agent's own
# files stay; so does the executor's state file (<wazuh-home>/var/riposte-state.log, and its replay memory) unless --purge: blocks still
# active on this host are listed there and would otherwise be forgotten.
set -euo pipefail

wazuh_home=/var/ossec root=${DESTDIR:-} purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --wazuh-home) wazuh_home=$2; shift 2 ;;
    --root|--prefix) root=$2; shift 2 ;;
    --purge) purge=1; shift ;;
    -h|--help) echo "Usage: uninstall.sh [--wazuh-home DIR] [--root DIR] [--purge]"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -z "$root" ] || root=$(cd "$root" && pwd)

unit="$root/etc/systemd/system/riposte-executor.service"
if [ -z "$root" ] && command -v systemctl >/dev/null && [ -f "$unit" ]; then
  systemctl disable --now riposte-executor.service || true
fi
rm -f "$unit"
rm -rf "$root/opt/riposte/executor" "$root/etc/riposte"
rmdir "$root/opt/riposte" 2>/dev/null || true
[ "$purge" = 0 ] || rm -f "$root$wazuh_home"/var/riposte-state.* "$root$wazuh_home"/var/riposte-replay-memory*
if [ -z "$root" ] && command -v systemctl >/dev/null; then systemctl daemon-reload; fi
echo "uninstall.sh: removed riposte-executor from ${root:-/}"
