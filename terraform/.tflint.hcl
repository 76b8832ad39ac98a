# Q(tf-plan-in-ci): How are Terraform changes validated and their plan reviewed in a pull request before apply?
# tflint gates the plan with fmt, validate and checkov, and catches what validate cannot:
# instance types that do not exist, deprecated syntax, untyped or unused declarations.
#   tflint --init --config "$PWD/terraform/.tflint.hcl"
#   tflint --recursive --chdir terraform --config "$PWD/terraform/.tflint.hcl"

config {
  # Look into the local modules called by each root, not into registry modules
  # (they have their own checks upstream, and pinned versions).
  call_module_type = "local"
}

# Bundled with tflint; the recommended preset plus the rules below.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# AWS-specific rules (invalid instance and node types, regions, IAM syntax),
# pinned so a new ruleset release cannot fail a pull request on its own.
plugin "aws" {
  enabled = true
  version = "0.45.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_typed_variables" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = true
}
