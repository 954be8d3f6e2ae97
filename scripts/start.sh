#!/usr/bin/env bash
# The README's main command (`npm start`): installs npm packages if needed, then runs Vigil's
# main job. Until `vigil server` lands (issue: server), the main job is a scan of this host's
# root filesystem against the local advisory database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node packages/cli/bin/vigil.js scan rootfs / --skip-dirs proc,sys,dev,run,tmp,var/lib/docker,var/cache/vigil-test "$@"
