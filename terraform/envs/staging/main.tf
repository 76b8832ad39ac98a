# Q(tf-modules-environments): How do Terraform modules keep staging and production alike?
# Step two, rehearsed: the composition of envs/production (its comments explain
# the design) with staging's variables: one NAT gateway, spot nodes, a single
# Redis node without failover. What staging proves about the modules holds for
# production, because the modules are the same.

locals {
  environment = "staging"
  name        = "shortly-${local.environment}"
}

module "network" {
  source = "../../modules/network"

  name                    = local.name
  cidr_block              = var.vpc_cidr
  az_count                = 3
  nat_gateway_mode        = var.nat_gateway_mode
  flow_log_retention_days = 14
}

module "ecr" {
  source = "../../modules/ecr"

  name_prefix  = local.environment
  repositories = ["shortly-api", "shortly-web"]
}

module "eks" {
  source = "../../modules/eks"

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

  service_account_roles = {
    external-secrets = {
      namespace       = "external-secrets"
      service_account = "external-secrets"
      policy_json     = data.aws_iam_policy_document.read_redis_auth_token.json
    }
  }
}

data "aws_iam_policy_document" "read_redis_auth_token" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [module.redis.auth_token_secret_arn]
  }
}

module "redis" {
  source = "../../modules/redis"

  name                      = local.name
  vpc_id                    = module.network.vpc_id
  subnet_ids                = module.network.private_subnet_ids
  client_security_group_ids = { eks-nodes = module.eks.node_security_group_id }
  node_type                 = var.redis_node_type
  num_cache_clusters        = var.redis_num_cache_clusters
  snapshot_retention_days   = var.redis_snapshot_retention_days
  auth_token_secret_name    = "shortly/${local.environment}/redis-auth-token"
  # Staging is torn down and rebuilt; a deleted secret must not block the next create.
  recovery_window_in_days = 0
}
