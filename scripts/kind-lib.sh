# shellcheck shell=bash
# Shared by scripts/kind-*.sh: the cluster's name, logging, tool checks and a kubectl that
# can only ever talk to the kind cluster (never to whatever context is current).

# Must match `name:` in k8s/kind/cluster.yaml.
KIND_CLUSTER=shortly
KIND_CONTEXT="kind-${KIND_CLUSTER}"
# shellcheck disable=SC2034 # used by the scripts that source this file
NAMESPACE=shortly

log() {
  printf '\n==> %s\n' "$*"
}

die() {
  printf '\nerror: %s\n' "$*" >&2
  exit 1
}

install_hint() {
  case "$1" in
    docker) echo "Docker Engine or Docker Desktop: https://docs.docker.com/get-docker/" ;;
    kind) echo "kind v0.33.0 or newer: https://kind.sigs.k8s.io/docs/user/quick-start/#installation" ;;
    kubectl) echo "kubectl 1.36 or newer: https://kubernetes.io/docs/tasks/tools/" ;;
    curl) echo "curl from your OS packages (apt-get install curl, brew install curl)" ;;
    *) echo "install $1 with your package manager" ;;
  esac
}

# require_tools TOOL...: fails listing every missing tool and how to get it.
require_tools() {
  local missing=0 tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      printf 'missing: %s - %s\n' "$tool" "$(install_hint "$tool")" >&2
      missing=1
    fi
  done
  if ((missing)); then
    die "install the tools above, then run this again"
  fi
}

# save_image_archive IMAGE ARCHIVE: `docker save` of one local image under its fully
# qualified name, docker.io/library/IMAGE, which is what containerd makes of the bare name
# in the manifests. Docker stores that name anyway; Podman (and its `docker` wrapper)
# names what it builds localhost/IMAGE, which no pod would find. One image per archive:
# Podman's save of several images writes every tag onto the first one.
save_image_archive() {
  local qualified="docker.io/library/$1"
  docker tag "$1" "$qualified"
  docker save -o "$2" "$qualified"
}

# load_image_into_kind IMAGE: through an archive, so it works with Docker and Podman
# (kind's podman provider) alike.
load_image_into_kind() {
  local archive
  archive=$(mktemp "${TMPDIR:-/tmp}/kind-image.XXXXXX")
  save_image_archive "$1" "$archive"
  kind load image-archive --name "$KIND_CLUSTER" "$archive"
  rm -f "$archive"
}

kind_cluster_exists() {
  kind get clusters 2>/dev/null | grep -qx "$KIND_CLUSTER"
}

# kubectl pinned to the kind cluster's context.
k() {
  kubectl --context "$KIND_CONTEXT" "$@"
}
