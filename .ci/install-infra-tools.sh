# shellcheck shell=bash
# Sourced by .ci/run: the tools `pnpm test:infra` runs, at the versions in
# tooling/infra-tools/versions.env, into the cache folder toolchain.sh uses, then on PATH.
# Only package registries are used: PyPI (checkov), the Go module proxy (Terraform, when
# the machine has no terraform of that version) and Debian (shellcheck, promtool).

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

checkov_home="$SHORTLY_CACHE/checkov-$CHECKOV_VERSION"
if [[ ! -x "$checkov_home/bin/checkov" ]]; then
  echo "infra tools: installing checkov $CHECKOV_VERSION into $checkov_home" >&2
  python3 -m venv "$checkov_home"
  "$checkov_home/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
export PATH="$checkov_home/bin:$PATH"

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

echo "infra tools: $(terraform version | head -n 1), checkov $(checkov --version), $(promtool --version 2>&1 | head -n 1), shellcheck $(shellcheck --version | sed -n 's/^version: //p')" >&2
