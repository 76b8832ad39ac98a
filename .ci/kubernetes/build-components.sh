#!/usr/bin/env bash
# Builds the Kubernetes components from the k8s.io/kubernetes Go module into
# $SHORTLY_CACHE/kubernetes-<version>/bin, once per version.
# `go install k8s.io/kubernetes/cmd/...@v` is refused: the module replaces its staging
# modules (k8s.io/api, client-go, ...) with local folders and requires them at v0.0.0.
# A throwaway module requires the release and points each staging module at its own
# published release (v1.35.4 -> v0.35.4), which is what the release vendored.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=.ci/kubernetes/versions.env
source "$here/versions.env"
SHORTLY_CACHE="${SHORTLY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shortly}"
out="$SHORTLY_CACHE/kubernetes-$KUBERNETES_VERSION/bin"
components=(kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubeadm kubectl)

missing=0
for component in "${components[@]}"; do [[ -x "$out/$component" ]] || missing=1; done
if (( missing == 0 )); then echo "$out"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
staging_version="v0.${KUBERNETES_VERSION#v1.}"
cd "$work"
go mod init shortly.local/kubernetes-build >/dev/null 2>&1
go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >/dev/null
upstream_mod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
{
  echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
  sed -nE 's#^\s*(k8s\.io/[a-z0-9-]+) => \./staging/.*#replace \1 => \1 '"$staging_version"'#p' "$upstream_mod"
} >> go.mod
packages=()
for component in "${components[@]}"; do packages+=("k8s.io/kubernetes/cmd/$component"); done
echo "kubernetes: building ${components[*]} $KUBERNETES_VERSION (first time: about 15 minutes on 2 cores)" >&2
started=$SECONDS
mkdir -p "$out.partial"
# One `go build` for all of them compiles the packages they share once.
CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$out.partial/" \
  -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${KUBERNETES_VERSION#v1.} -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION" \
  "${packages[@]}"
rm -rf "$out" && mv "$out.partial" "$out"
echo "kubernetes: built in $((SECONDS - started)) s" >&2
echo "$out"
