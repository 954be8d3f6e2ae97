#!/usr/bin/env bash
# The README's main command (`npm start`): installs npm packages if needed, builds the advisory
# database from ../shared/corpora on first run when there is none, then runs `vigil server` with an
# agent on this host (`--local-agent`). Extra arguments go to `vigil server`.
# Environment: VIGIL_DATA (default ./vigil-data), VIGIL_LISTEN (default 127.0.0.1:8080),
# VIGIL_ADMIN_PASSWORD (first start only; else a password is generated and printed once), VIGIL_DB.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

vigil=(node packages/cli/bin/vigil.js)
db=${VIGIL_DB:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil/vulndb.sqlite}
corpora=../shared/corpora
if [ ! -f "$db" ] && [ -d "$corpora" ]; then
  echo "start: building the advisory database $db from $corpora (first run) / 首次运行：导入漏洞库" >&2
  "${vigil[@]}" db import --db "$db" "$corpora"/osv/go.tar.gz "$corpora"/osv/pypi.tar.gz "$corpora"/osv/nodejs-security-wg.tar.gz \
    "$corpora"/osv/rustsec.tar.gz "$corpora"/debian "$corpora"/alpine >/dev/null
fi

exec "${vigil[@]}" server --data "${VIGIL_DATA:-./vigil-data}" --listen "${VIGIL_LISTEN:-127.0.0.1:8080}" --vulndb "$db" --local-agent "$@"
