# Q(scaling-horizontal-vs-vertical): When do you scale out with more instances versus scale up with bigger machines?
# Pods scale out with the HPA; nodes must follow, or the extra pods stay Pending. The
# Cluster Autoscaler (installed with its Helm chart in kube-system, using this role)
# watches for pods that fit on no node and raises the node group's desired size, up to
# node_max_size, then removes nodes that stay underused. EKS tags managed node groups
# for its auto-discovery; the role may resize only groups carrying this cluster's tag.
data "aws_iam_policy_document" "cluster_autoscaler" {
  statement {
    sid = "Discover"
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "autoscaling:DescribeTags",
      "ec2:DescribeImages",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:GetInstanceTypesFromInstanceRequirements",
    ]
    resources = ["*"] # these describe calls take no resource
  }

  statement {
    sid       = "ReadThisClustersNodeGroups"
    actions   = ["eks:DescribeNodegroup"]
    resources = ["arn:${data.aws_partition.current.partition}:eks:*:*:nodegroup/${module.eks.cluster_name}/*/*"]
  }

  statement {
    sid       = "ResizeThisClustersNodeGroups"
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/${module.eks.cluster_name}"
      values   = ["owned"]
    }
  }
}

locals {
  # The autoscaler's role next to the roles the environment asks for.
  service_account_roles = merge(var.service_account_roles, {
    cluster-autoscaler = {
      namespace       = "kube-system"
      service_account = "cluster-autoscaler"
      policy_json     = data.aws_iam_policy_document.cluster_autoscaler.json
    }
  })
}
