#!/usr/bin/env bash
# Builds the real images the end-to-end tests and bench/scan-image use, once per machine:
#   $CACHE/bookworm-rootfs   debootstrap --variant=minbase bookworm
#   $CACHE/bookworm.tar      docker save of that rootfs imported as vigil-test/bookworm:base
#   $CACHE/bookworm-app.tar  docker save of vigil-test/bookworm:app — base + a layer of
#                            node_modules and a lockfile + a layer that deletes files
# Prints the cache dir. Concurrent callers wait on a lock; finished artefacts are reused.
set -euo pipefail
CACHE=${VIGIL_TEST_CACHE:-/var/cache/vigil-test}
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [ ! -d "$CACHE/bookworm-rootfs" ]; then
  rm -rf "$CACHE/bookworm-rootfs.tmp"
  debootstrap --variant=minbase bookworm "$CACHE/bookworm-rootfs.tmp" http://deb.debian.org/debian >&2
  mv "$CACHE/bookworm-rootfs.tmp" "$CACHE/bookworm-rootfs"
fi

if ! docker image inspect vigil-test/bookworm:base >/dev/null 2>&1; then
  tar -C "$CACHE/bookworm-rootfs" --numeric-owner -c . | docker import - vigil-test/bookworm:base >&2
fi
if [ ! -s "$CACHE/bookworm.tar" ]; then
  docker save -o "$CACHE/bookworm.tar.tmp" vigil-test/bookworm:base
  mv "$CACHE/bookworm.tar.tmp" "$CACHE/bookworm.tar"
fi

if ! docker image inspect vigil-test/bookworm:app >/dev/null 2>&1; then
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  mkdir -p "$ctx/app/node_modules/lodash" "$ctx/app/node_modules/@babel/core" "$ctx/app/node_modules/minimist"
  printf '{"name":"lodash","version":"4.17.20","license":"MIT"}\n' > "$ctx/app/node_modules/lodash/package.json"
  printf '{"name":"@babel/core","version":"7.22.0","license":"MIT"}\n' > "$ctx/app/node_modules/@babel/core/package.json"
  printf '{"name":"minimist","version":"1.2.5","license":"MIT"}\n' > "$ctx/app/node_modules/minimist/package.json"
  cat > "$ctx/app/package-lock.json" <<'JSON'
{"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
 "":{"name":"app","version":"1.0.0","dependencies":{"lodash":"4.17.20","@babel/core":"7.22.0","minimist":"1.2.5"}},
 "node_modules/lodash":{"version":"4.17.20","license":"MIT"},
 "node_modules/@babel/core":{"version":"7.22.0","license":"MIT"},
 "node_modules/minimist":{"version":"1.2.5","license":"MIT"}}}
JSON
  cat > "$ctx/Dockerfile" <<'DOCKER'
FROM vigil-test/bookworm:base
COPY app /app
RUN rm -rf /app/node_modules/minimist /usr/share/doc && mkdir /usr/share/doc && echo kept > /usr/share/doc/README
DOCKER
  docker build --network none -q -t vigil-test/bookworm:app "$ctx" >&2
fi
if [ ! -s "$CACHE/bookworm-app.tar" ]; then
  docker save -o "$CACHE/bookworm-app.tar.tmp" vigil-test/bookworm:app
  mv "$CACHE/bookworm-app.tar.tmp" "$CACHE/bookworm-app.tar"
fi
echo "$CACHE"
