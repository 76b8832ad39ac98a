# Shortly highly available, as one composition that staging and production both call
# with their own values: the api and the web nginx as pods on EKS across the zones, Redis
# as ElastiCache with a replica in another zone, images in ECR.
#
# Q(aws-ha-architecture): How would you assemble a resilient, growing web stack on AWS (ALB, Auto Scaling, multi-AZ, CDN)?
# Every layer survives the loss of one zone: public subnets for the load balancer in
# three zones, a NAT gateway per zone (production), an EKS node group whose Auto Scaling
# group spans the zones, ElastiCache with automatic failover to a replica elsewhere.
#
# Q(aws-core-services): Which AWS services should a backend engineer know, and what is each one for?
# What an environment uses, by job: VPC (network isolation), EC2 and EKS (compute,
# Kubernetes), ECR (images), ElastiCache (Redis), Secrets Manager (credentials), KMS
# (encryption keys), IAM (who may do what), Route 53 (DNS, the TLS challenge), S3
# (Terraform state), CloudWatch Logs (control plane, flow and slow logs).
#
# Q(scaling-stateless-design): Why must the app stay stateless to scale out, and where does shared state go instead?
# Links, visit counters and rate limit windows live in ElastiCache, not in a pod, so any
# number of api pods on any node answer the same; scaling out is adding pods, and losing
# a node loses nothing.

locals {
  name = "shortly-${var.environment}"
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

module "network" {
  source = "../network"

  name                    = local.name
  cidr_block              = var.vpc_cidr
  az_count                = 3
  nat_gateway_mode        = var.nat_gateway_mode
  flow_log_retention_days = var.flow_log_retention_days
}

module "ecr" {
  source = "../ecr"

  name_prefix  = var.environment
  repositories = ["shortly-api", "shortly-web"]
}

module "eks" {
  source = "../eks"

  name                         = local.name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.private_subnet_ids
  admin_role_arns              = var.eks_admin_role_arns
  endpoint_public_access_cidrs = var.eks_public_access_cidrs
  node_instance_types          = var.node_instance_types
  node_capacity_type           = var.node_capacity_type
  node_min_size                = var.node_min_size
  node_max_size                = var.node_max_size

  service_account_roles = merge(
    {
      # The External Secrets Operator (its Helm chart's default namespace and service
      # account) copies the Redis AUTH token into the cluster, for the ExternalSecret in
      # k8s/overlays/production.
      external-secrets = {
        namespace       = "external-secrets"
        service_account = "external-secrets"
        policy_json     = data.aws_iam_policy_document.read_redis_auth_token.json
      }
    },
    # cert-manager (its Helm chart's defaults) answers Let's Encrypt's DNS-01 challenge for
    # the ClusterIssuer in k8s/overlays/production with TXT records in the public zone.
    var.route53_zone_id == null ? {} : {
      cert-manager = {
        namespace       = "cert-manager"
        service_account = "cert-manager"
        policy_json     = one(data.aws_iam_policy_document.dns01_challenge[*].json)
      }
    },
  )
}

data "aws_iam_policy_document" "read_redis_auth_token" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [module.redis.auth_token_secret_arn]
  }
}

# What cert-manager's Route 53 solver calls: write records in the one public zone, follow
# the change until it is in sync, and find the zone by name.
data "aws_iam_policy_document" "dns01_challenge" {
  count = var.route53_zone_id == null ? 0 : 1

  statement {
    actions   = ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"]
    resources = ["arn:${data.aws_partition.current.partition}:route53:::hostedzone/${var.route53_zone_id}"]
  }

  statement {
    actions   = ["route53:GetChange"]
    resources = ["arn:${data.aws_partition.current.partition}:route53:::change/*"]
  }

  statement {
    actions   = ["route53:ListHostedZonesByName"]
    resources = ["*"] # a list call that takes no resource
  }
}

module "redis" {
  source = "../redis"

  name                      = local.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = { eks-nodes = module.eks.node_security_group_id }
  node_type                 = var.redis_node_type
  num_cache_clusters        = var.redis_num_cache_clusters
  snapshot_retention_days   = var.redis_snapshot_retention_days
  auth_token_secret_name    = "shortly/${var.environment}/redis-auth-token"
  recovery_window_in_days   = var.recovery_window_in_days
}
