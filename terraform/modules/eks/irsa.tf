# Q(aws-iam-security-groups): How do IAM roles and AWS security groups apply least privilege?
# One IAM role per Kubernetes service account (IRSA). The trust policy accepts a
# web identity token only from this cluster's OIDC issuer and only for the one
# namespace/service account named, so no other pod can assume the role.
data "aws_iam_policy_document" "service_account_trust" {
  for_each = local.service_account_roles

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:${each.value.namespace}:${each.value.service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "service_account" {
  for_each = local.service_account_roles

  name               = "${var.name}-${each.key}"
  description        = "Assumed by the ${each.value.namespace}/${each.value.service_account} service account of the ${var.name} cluster."
  assume_role_policy = data.aws_iam_policy_document.service_account_trust[each.key].json
}

resource "aws_iam_role_policy" "service_account" {
  for_each = local.service_account_roles

  name   = each.key
  role   = aws_iam_role.service_account[each.key].id
  policy = each.value.policy_json
}
