#!/usr/bin/env bash
# Builds the kind node image CI runs and prints its name. Everything comes from source or
# from Debian (build-components.sh, build-addons.sh); the result is saved under
# $SHORTLY_CACHE/kind-node, keyed by the versions and by this folder's files, and loaded
# from there when it exists. Needs a Docker API (Podman's here) and Go.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=.ci/kubernetes/versions.env
source "$here/versions.env"
SHORTLY_CACHE="${SHORTLY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shortly}"

key="$(cd "$here" && find versions.env images node -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
image="localhost/shortly-ci/kind-node:$KUBERNETES_VERSION-$key"
archive="$SHORTLY_CACHE/kind-node/$KUBERNETES_VERSION-$key.tar"
if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi
if [[ -f "$archive" ]]; then
  docker load -i "$archive" >&2
  echo "$image"
  exit 0
fi

started=$SECONDS
components="$(bash "$here/build-components.sh")"
addons="$(bash "$here/build-addons.sh")"
kind_module="$(go env GOMODCACHE)/sigs.k8s.io/kind@$KIND_VERSION"
[[ -d "$kind_module" ]] || go mod download "sigs.k8s.io/kind@$KIND_VERSION"

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/images" "$context/bin" "$context/manifests" "$context/node-files/kind"

# build_image NAME TARGET "BINARY..." "DEBIAN PACKAGE...": one image into the node's archive folder.
build_image() {
  local name=$1 target=$2 binaries=$3 packages=$4 image_context binary
  image_context="$(mktemp -d)"
  mkdir "$image_context/bin"
  for binary in $binaries; do cp "$components/$binary" "$image_context/bin/" 2>/dev/null || cp "$addons/$binary" "$image_context/bin/"; done
  cp "$here/images/Dockerfile" "$image_context/"
  echo "kind node: image $name" >&2
  docker build -q --target "$target" --build-arg PACKAGES="$packages" -t "$name" "$image_context" >&2
  docker save -o "$context/images/$(basename "${name%%:*}").tar" "$name"
  rm -rf "$image_context"
}
build_image "registry.k8s.io/kube-apiserver:$KUBERNETES_VERSION" program kube-apiserver ""
build_image "registry.k8s.io/kube-controller-manager:$KUBERNETES_VERSION" program kube-controller-manager ""
build_image "registry.k8s.io/kube-scheduler:$KUBERNETES_VERSION" program kube-scheduler ""
build_image "registry.k8s.io/kube-proxy:$KUBERNETES_VERSION" program kube-proxy "iptables conntrack ipset kmod"
build_image "registry.k8s.io/etcd:$ETCD_IMAGE_TAG" program "etcd etcdctl" ""
build_image "registry.k8s.io/coredns/coredns:$COREDNS_VERSION" coredns coredns ""
build_image "registry.k8s.io/pause:$PAUSE_VERSION" pause pause ""
build_image "localhost/shortly-ci/local-path-provisioner:$LOCAL_PATH_PROVISIONER_VERSION" program local-path-provisioner ""
# The Gateway API implementation of k8s/traefik, under the name its Deployment pulls.
build_image "docker.io/library/traefik:$TRAEFIK_VERSION" traefik traefik ""

cp "$components/kubeadm" "$components/kubelet" "$components/kubectl" "$addons/crictl" "$context/bin/"
cp -r "$kind_module/images/base/files" "$context/kind-base"
chmod -R u+w "$context/kind-base"
cp "$here/node/Dockerfile" "$context/"
cp -r "$here/node/files/." "$context/node-files/"
cp "$here/node/manifests/default-cni.yaml" "$context/manifests/"
echo "$KUBERNETES_VERSION" > "$context/node-files/kind/version"
echo "$PAUSE_VERSION" > "$context/node-files/kind/pause-version"
# kind's own default storage (local-path-provisioner), from the kind module's source, with
# the images built here; its helper pods only need a shell, which Debian's image has.
# shellcheck disable=SC2016 # the backquotes are Go's, matched literally
sed -n '/^const defaultStorageManifest = `/,/^`$/p' "$kind_module/pkg/build/nodeimage/const_storage.go" \
  | sed -e '1d' -e '$d' \
    -e "s#\` + storageProvisionerImage + \`#localhost/shortly-ci/local-path-provisioner:$LOCAL_PATH_PROVISIONER_VERSION#" \
    -e "s#\` + storageHelperImage + \`#docker.io/library/debian:trixie-slim#" \
  > "$context/manifests/default-storage.yaml"
docker tag debian:trixie-slim docker.io/library/debian:trixie-slim
docker save -o "$context/images/debian.tar" docker.io/library/debian:trixie-slim

echo "kind node: image $image" >&2
docker build --build-arg DEBIAN_NODE_SUITE="$DEBIAN_NODE_SUITE" -t "$image" "$context" >&2
mkdir -p "$(dirname "$archive")"
rm -f "$SHORTLY_CACHE"/kind-node/*.tar
docker save -o "$archive" "$image"
echo "kind node: built in $((SECONDS - started)) s" >&2
echo "$image"
