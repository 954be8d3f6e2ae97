#!/usr/bin/env bash
# Idempotent set-up shared by `npm start` and `npm test`: npm packages always; with --test, the
# Debian packages the tests drive for real (Docker engine, debootstrap, rpm/dpkg oracles) and a
# running dockerd. Safe to run on a machine that already has everything: it then does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.vigil-lock-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
node scripts/build.mjs
node packages/console/build.mjs   # the web console into packages/console/dist; prints the landing page's gzipped JS

[ "${1:-}" = "--test" ] || exit 0

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v zstd >/dev/null || need+=(zstd)
command -v rpm >/dev/null || need+=(rpm)
command -v db5.3_load >/dev/null || need+=(db-util)
command -v go >/dev/null || need+=(golang-go)
command -v yara >/dev/null || need+=(yara)            # oracle for, and libyara behind, the YARA engine
command -v clang-15 >/dev/null || need+=(clang-15)    # builds the agent's eBPF program
command -v bpftool >/dev/null || need+=(bpftool)
[ -f /usr/include/bpf/libbpf.h ] || need+=(libbpf-dev)
command -v mkpasswd >/dev/null || need+=(whois)          # mkpasswd: oracle for the weak-password crypt(3) tests
command -v nft >/dev/null || need+=(nftables)         # the agent's block_ip response (tested in a netns)
command -v chromium >/dev/null || need+=(chromium)    # the console's end-to-end tests (playwright-core)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)   # Chinese glyphs in console screenshots
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: tests need Debian packages ${need[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "setup: apt-get install ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup: starting dockerd" >&2
  (nohup dockerd >/var/log/vigil-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not start (see /var/log/vigil-dockerd.log)" >&2; exit 1; }
fi
