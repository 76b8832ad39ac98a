#!/usr/bin/env bash
# Builds what the kind node runs besides Kubernetes itself, from source at the versions
# pinned in versions.env, into $SHORTLY_CACHE/kind-addons-<versions>/bin: etcd, CoreDNS,
# crictl, local-path-provisioner (kind's default storage) and the pause binary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=.ci/kubernetes/versions.env
source "$here/versions.env"
SHORTLY_CACHE="${SHORTLY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/shortly}"
out="$SHORTLY_CACHE/kind-addons-etcd$ETCD_VERSION-coredns$COREDNS_VERSION-crictl$CRI_TOOLS_VERSION-lpp$LOCAL_PATH_PROVISIONER_VERSION-traefik$TRAEFIK_VERSION-pause$PAUSE_VERSION/bin"
if [[ -x "$out/pause" ]]; then echo "$out"; exit 0; fi

# go_build MODULE VERSION PACKAGE NAME [REPLACE...]: builds one command of a module from a
# throwaway module that requires it, which also works where the module's own go.mod has
# `replace` directives that `go install pkg@version` refuses; REPLACE (old=new@version)
# repeats the ones the build needs, since a dependency's replacements do not apply.
go_build() {
  local module=$1 version=$2 package=$3 name=$4 work replacement
  shift 4
  work="$(mktemp -d)"
  (
    cd "$work"
    go mod init shortly.local/build >/dev/null 2>&1
    go mod edit -require="$module@$version"
    for replacement in "$@"; do go mod edit -replace="$replacement"; done
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags='-s -w' -o "$out.partial/$name" "$package"
  )
  rm -rf "$work"
}

started=$SECONDS
rm -rf "$out.partial" && mkdir -p "$out.partial"
go_build go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3 etcd
go_build go.etcd.io/etcd/etcdctl/v3 "$ETCD_VERSION" go.etcd.io/etcd/etcdctl/v3 etcdctl
go_build github.com/coredns/coredns "$COREDNS_VERSION" github.com/coredns/coredns coredns
go_build sigs.k8s.io/cri-tools "$CRI_TOOLS_VERSION" sigs.k8s.io/cri-tools/cmd/crictl crictl
go_build github.com/rancher/local-path-provisioner "$LOCAL_PATH_PROVISIONER_VERSION" \
  github.com/rancher/local-path-provisioner local-path-provisioner
# The Gateway API implementation CI runs (docs/decisions/0001-gateway-api-implementation.md).
go_build github.com/traefik/traefik/v3 "$TRAEFIK_VERSION" github.com/traefik/traefik/v3/cmd/traefik traefik \
  github.com/abbot/go-http-auth=github.com/containous/go-http-auth@v0.4.1-0.20200324110947-a37a7636d23e \
  github.com/gorilla/mux=github.com/containous/mux@v0.0.0-20250523120546-41b6ec3aed59 \
  github.com/mailgun/minheap=github.com/containous/minheap@v0.0.0-20190809180810-6e71eb837595
# The pause container's program is C, in the Kubernetes source itself.
pause_source="$(go env GOMODCACHE)/k8s.io/kubernetes@$KUBERNETES_VERSION/build/pause/linux/pause.c"
[[ -f "$pause_source" ]] || go mod download "k8s.io/kubernetes@$KUBERNETES_VERSION"
gcc -Os -static -DVERSION="v$PAUSE_VERSION" -o "$out.partial/pause" "$pause_source"
rm -rf "$out" && mv "$out.partial" "$out"
echo "kind add-ons: built in $((SECONDS - started)) s" >&2
echo "$out"
