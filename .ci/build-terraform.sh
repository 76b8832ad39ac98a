#!/usr/bin/env bash
# Builds the Terraform CLI from its Go module, for a machine without Terraform.
# usage: .ci/build-terraform.sh VERSION NESTED_MODULES_VERSION OUTPUT_DIR
#
# `go install github.com/hashicorp/terraform@VERSION` is refused: its go.mod replaces the
# backends' nested modules with local folders, and the module proxy's zip leaves nested
# modules out. A throwaway module requires the release and points each nested module at
# the same commit's pseudo-version (NESTED_MODULES_VERSION) instead.
set -euo pipefail
version=$1 nested=$2 out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

release_dir=$(cd "$work" && go mod download -json "github.com/hashicorp/terraform@v$version" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
{
  printf 'module terraform-build\n\ngo 1.24\n\nrequire github.com/hashicorp/terraform v%s\n' "$version"
  sed -nE 's#^replace (github\.com/hashicorp/terraform/[^ ]+) => \./.*#replace \1 => \1 '"$nested"'#p' "$release_dir/go.mod"
} >"$work/go.mod"

mkdir -p "$out"
# version.dev=no: what release builds set, so `terraform version` prints no -dev suffix.
(cd "$work" && GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
  -o "$out/terraform" github.com/hashicorp/terraform)
"$out/terraform" version
