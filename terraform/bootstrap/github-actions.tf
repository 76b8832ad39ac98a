# Q(aws-iam-security-groups): How do IAM roles and AWS security groups apply least privilege?
# No access keys: each job trades its OIDC token for a role, by the token's `sub`. A plan
# runs code from any branch, so the pull-request role is read-only; apply roles trust only
# `environment:` subjects, issued after the environment's reviewers approved. Separate AWS
# accounts per environment would go further.

# GitHub's OIDC issuer, trusted for tokens meant for AWS STS.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  repository = "repo:${var.github_repository}"

  # Role name suffix => the token subjects it accepts.
  github_terraform_roles = {
    # Pull request plans, and the nightly drift plan (scheduled runs are on main).
    plan = ["${local.repository}:pull_request", "${local.repository}:ref:refs/heads/main"]
    # Jobs with `environment: staging` or `environment: production` only.
    apply-staging    = ["${local.repository}:environment:staging"]
    apply-production = ["${local.repository}:environment:production"]
  }
}

data "aws_iam_policy_document" "github_trust" {
  for_each = local.github_terraform_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    # StringEquals, not StringLike with wildcards: exactly these subjects.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = each.value
    }
  }
}

resource "aws_iam_role" "github_terraform" {
  for_each = local.github_terraform_roles

  name                 = "shortly-terraform-${each.key}"
  description          = "Terraform ${each.key} from GitHub Actions (${var.github_repository})"
  assume_role_policy   = data.aws_iam_policy_document.github_trust[each.key].json
  max_session_duration = 3600
}

# Plans read every resource, and the state, which the S3 backend decrypts with the key.
resource "aws_iam_role_policy_attachment" "plan_read_only" {
  role       = aws_iam_role.github_terraform["plan"].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "plan_state" {
  statement {
    sid       = "DecryptState"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.state.arn]
  }

  # A plan refreshes the Redis AUTH token secrets. The state holds the same values, so
  # this adds no exposure; write-only arguments would keep them out of both.
  statement {
    sid       = "ReadShortlySecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:${data.aws_partition.current.partition}:secretsmanager:*:${data.aws_caller_identity.current.account_id}:secret:shortly*"]
  }
}

resource "aws_iam_role_policy" "plan_state" {
  name   = "terraform-state-read"
  role   = aws_iam_role.github_terraform["plan"].name
  policy = data.aws_iam_policy_document.plan_state.json
}

# An apply creates IAM roles, KMS keys and clusters: only a broad policy can do that.
# The trust policy above, not this policy, is what keeps it behind the approval.
resource "aws_iam_role_policy_attachment" "apply_administrator" {
  for_each = toset(["apply-staging", "apply-production"])

  role       = aws_iam_role.github_terraform[each.key].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}
