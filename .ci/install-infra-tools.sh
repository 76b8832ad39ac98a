# shellcheck shell=bash
# Sourced by .ci/run: the tools `pnpm test:infra` runs, at the versions in
# tooling/infra-tools/versions.env, into the cache folder toolchain.sh uses, then on PATH.
# Only package registries are used: PyPI (checkov, zizmor), the Go module proxy (kube-score,
# actionlint, tflint, amtool, Trivy, and Terraform when the machine has none of that
# version) and Debian (shellcheck, promtool).

# shellcheck source=tooling/infra-tools/versions.env
source tooling/infra-tools/versions.env

missing=()
for package in $DEBIAN_PACKAGES; do
  [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)" == ii* ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "infra tools: installing Debian's ${missing[*]}" >&2
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# pip_tool NAME VERSION: a PyPI tool in a virtualenv of its own, on PATH.
pip_tool() {
  local home="$SHORTLY_CACHE/$1-$2"
  if [[ ! -x "$home/bin/$1" ]]; then
    echo "infra tools: installing $1 $2 into $home" >&2
    python3 -m venv "$home"
    "$home/bin/pip" install --quiet --disable-pip-version-check "$1==$2"
  fi
  export PATH="$home/bin:$PATH"
}
pip_tool checkov "$CHECKOV_VERSION"
pip_tool zizmor "$ZIZMOR_VERSION"

# Go tools, one folder per set of versions.
go_tools_home="$SHORTLY_CACHE/go-tools-$(echo "$GO_TOOLS" | sha256sum | cut -c1-12)"
for tool in $GO_TOOLS; do
  name="${tool%@*}"
  name="${name##*/}"
  if [[ ! -x "$go_tools_home/$name" ]]; then
    echo "infra tools: building $tool" >&2
    GOBIN="$go_tools_home" go install "$tool"
  fi
done
export PATH="$go_tools_home:$PATH"

# Trivy needs the flags of its release build; about 9 minutes of two cores the first time.
trivy_home="$SHORTLY_CACHE/trivy-$TRIVY_VERSION"
if [[ ! -x "$trivy_home/trivy" ]]; then
  echo "infra tools: building Trivy $TRIVY_VERSION from its Go module (several minutes)" >&2
  GOEXPERIMENT=jsonv2 GOBIN="$trivy_home" go install \
    -ldflags "-X github.com/aquasecurity/trivy/pkg/version/app.ver=${TRIVY_VERSION#v}" \
    "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION"
fi
export PATH="$trivy_home:$PATH"

# Machines of this kind come with Terraform; one without it (or with another version)
# builds it from the Go module once.
if [[ "$(terraform version 2>/dev/null | head -n 1)" != "Terraform v$TERRAFORM_VERSION" ]]; then
  terraform_home="$SHORTLY_CACHE/terraform-$TERRAFORM_VERSION"
  if [[ ! -x "$terraform_home/terraform" ]]; then
    echo "infra tools: building Terraform $TERRAFORM_VERSION from its Go module (a few minutes)" >&2
    bash .ci/build-terraform.sh "$TERRAFORM_VERSION" "$TERRAFORM_NESTED_MODULES_VERSION" "$terraform_home"
  fi
  export PATH="$terraform_home:$PATH"
fi

echo "infra tools: $(terraform version | head -n 1), checkov $(checkov --version), $(zizmor --version), kube-score $(kube-score version | head -n 1), actionlint $(actionlint -version | head -n 1), $(tflint --version | head -n 1), amtool $(amtool --version 2>&1 | head -n 1), trivy $(trivy --version | sed -n 's/^Version: //p'), $(promtool --version 2>&1 | head -n 1), shellcheck $(shellcheck --version | sed -n 's/^version: //p')" >&2
