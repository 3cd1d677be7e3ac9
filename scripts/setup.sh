#!/usr/bin/env bash
# One-step setup on Debian/Ubuntu: installs the system packages the project uses (when missing and
# when running as root) and the npm dependencies. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package -> a file that proves it is installed.
declare -A PACKAGES=(
  [ffmpeg]=/usr/bin/ffmpeg
  [libsrt-openssl-dev]=/usr/include/srt/srt.h
  [pkg-config]=/usr/bin/pkg-config
  [pebble]=/usr/bin/pebble
  [prometheus]=/usr/bin/promtool
  [chromium]=/usr/bin/chromium
)
# `--bench` adds the same-run references of the benchmarks (nginx, wrk).
if [ "${1:-}" = "--bench" ]; then
  PACKAGES[nginx-light]=/usr/sbin/nginx
  PACKAGES[wrk]=/usr/bin/wrk
  PACKAGES[libnginx-mod-rtmp]=/usr/lib/nginx/modules/ngx_rtmp_module.so
fi

missing=()
for pkg in "${!PACKAGES[@]}"; do
  [ -e "${PACKAGES[$pkg]}" ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these packages first (as root): ${missing[*]}" >&2
    exit 1
  fi
fi

# Native addons are built against the system's Node headers (no header download).
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ready"
