#!/usr/bin/env bash
# Q(k8s-what-why): How do you throw the local Kubernetes cluster away and start clean?
# Deleting the kind cluster removes its node container and with it every pod, volume and
# the Redis data: the next `pnpm kind:up` starts from nothing. The password file
# k8s/overlays/kind/secrets.env and the built images stay on this machine.
#
# usage: scripts/kind-down.sh   (pnpm kind:down)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/kind-lib.sh
source scripts/kind-lib.sh

require_tools kind

if kind_cluster_exists; then
  log "Deleting kind cluster '$KIND_CLUSTER'"
  kind delete cluster --name "$KIND_CLUSTER"
else
  log "No kind cluster named '$KIND_CLUSTER': nothing to delete"
fi
if [[ -f k8s/overlays/kind/secrets.env ]]; then
  echo "Kept k8s/overlays/kind/secrets.env (delete it for a new Redis password next time)."
fi
