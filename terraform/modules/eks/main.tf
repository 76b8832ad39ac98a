# Q(k8s-orchestration-at-scale): Why outgrow a single Compose host, and how do Kubernetes, Swarm and ECS compare for orchestration?
# One Compose host is one failure domain and scales only up. EKS runs the same
# images on nodes spread over three zones, reschedules pods when a node or zone
# dies and scales out; the price is the control plane fee and more moving parts.
# ECS would also do; EKS keeps the manifests portable and is what the k8s/
# directory of this repo targets.

data "aws_partition" "current" {}

module "eks" {
  # Registry modules are pinned to an exact release; a commit hash would hide the version
  # from Dependabot and from readers, and the registry serves only published releases.
  #checkov:skip=CKV_TF_1:exact registry version instead of a commit hash (see above)
  source  = "terraform-aws-modules/eks/aws"
  version = "21.15.1"

  name               = var.name
  kubernetes_version = var.kubernetes_version

  # At the end of standard support EKS upgrades the cluster instead of quietly
  # billing extended support, which costs six times the standard hourly fee.
  upgrade_policy = {
    support_type = "STANDARD"
  }

  vpc_id     = var.vpc_id
  subnet_ids = var.subnet_ids

  # Nodes reach the API server privately. The public endpoint is off unless
  # named CIDRs (office, CI runners with fixed egress) need kubectl from outside;
  # even then every request still needs IAM authentication.
  endpoint_private_access      = true
  endpoint_public_access       = length(var.endpoint_public_access_cidrs) > 0
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  # Admins are named roles (SSO, the deploy pipeline), not whoever happened to run
  # the first apply: that identity would stay cluster-admin for ever, invisibly.
  enable_cluster_creator_admin_permissions = false
  access_entries = {
    for arn in var.admin_role_arns : regex("[^/]+$", arn) => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }

  # Q(k8s-secrets-handling): How do you keep Kubernetes Secrets safe (etcd encryption, External Secrets Operator, RBAC)?
  # Envelope encryption: Kubernetes Secrets in etcd are encrypted with a data key
  # that a customer-managed KMS key (rotated yearly) wraps, so a copy of etcd is
  # useless without kms:Decrypt. The values themselves come from Secrets Manager
  # through the External Secrets Operator and its IRSA role (irsa.tf), never from git.
  create_kms_key          = true
  enable_kms_key_rotation = true
  encryption_config = {
    resources = ["secrets"]
  }

  # Control plane audit logs answer "who changed what" after an incident.
  enabled_log_types                      = ["api", "audit", "authenticator"]
  cloudwatch_log_group_retention_in_days = var.log_retention_days

  # IAM roles for service accounts: an OIDC provider lets a pod's service account
  # assume its own narrow IAM role instead of borrowing the node's.
  enable_irsa = true

  addons = {
    # The CNI and kube-proxy must exist before nodes join, or nodes never turn Ready.
    # Q(k8s-network-policy): How do NetworkPolicies restrict which pods may talk to each other?
    # Only a CNI that enforces them makes them real: the VPC CNI does so through its
    # network policy agent, which is off unless this configuration value turns it on.
    # Without it every NetworkPolicy in k8s/ is accepted by the API and ignored.
    vpc-cni = {
      before_compute       = true
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    kube-proxy = { before_compute = true }
    coredns    = {}
  }

  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      capacity_type  = var.node_capacity_type

      # Q(scaling-horizontal-vs-vertical): When do you scale out with more instances versus scale up with bigger machines?
      # The API is stateless, so it scales out: more pods (HPA), then more nodes
      # between these bounds. The module sets desired_size once and ignores it
      # afterwards, so an autoscaler may move it without Terraform fighting back.
      min_size     = var.node_min_size
      max_size     = var.node_max_size
      desired_size = var.node_min_size

      # IMDSv2 only, one network hop: pods cannot reach the node's instance
      # metadata, so they cannot borrow the node role's credentials.
      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
      }

      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = var.node_disk_size_gb
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }
    }
  }
}
