# shellcheck shell=bash
# Sourced by .ci/run before `pnpm kind:up`: what the real cluster needs on this machine,
# through the variables scripts/kind-up.sh documents. kind from its Go module; the node
# image built from source (build-node-image.sh); kind's Podman provider, since the Docker
# API here is Podman's.
_kubernetes_ci="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=.ci/kubernetes/versions.env
source "$_kubernetes_ci/versions.env"

kind_home="$SHORTLY_CACHE/kind-$KIND_VERSION"
if [[ ! -x "$kind_home/kind" ]]; then
  echo "kubernetes: installing kind $KIND_VERSION into $kind_home" >&2
  GOBIN="$kind_home" go install "sigs.k8s.io/kind@$KIND_VERSION"
fi
export PATH="$kind_home:$SHORTLY_CACHE/kubernetes-$KUBERNETES_VERSION/bin:$PATH"
export KIND_EXPERIMENTAL_PROVIDER=podman
# kind mounts the host's /lib/modules into the node; this machine has none.
mkdir -p /lib/modules
KIND_NODE_IMAGE="$(bash "$_kubernetes_ci/build-node-image.sh")"
export KIND_NODE_IMAGE
# The Gateway API CRDs kind-up.sh would download, from the same release's Go module.
GATEWAY_API_VERSION="$(sed -n 's/^GATEWAY_API_VERSION=//p' "$_kubernetes_ci/../../scripts/kind-up.sh")"
GATEWAY_API_CRDS="$(go env GOMODCACHE)/sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION/config/crd/standard"
[[ -d "$GATEWAY_API_CRDS" ]] || go mod download "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION"
export GATEWAY_API_CRDS
echo "kubernetes: kind $(kind version | cut -d' ' -f2), node image $KIND_NODE_IMAGE" >&2
[[ -n "$KIND_NODE_IMAGE" && -d "$GATEWAY_API_CRDS" ]]
