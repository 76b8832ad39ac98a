# Step two: Shortly highly available on EKS (modules/eks-environment, whose comments
# explain the design), with production's values: a NAT gateway per zone, on-demand
# nodes, Redis with a replica in another zone, logs and secrets kept longer.
#
# Q(tf-modules-environments): How do Terraform modules and per-environment variables keep dev, staging and prod alike?
# The same composition as staging, called with other values; only these lines differ.
# Q(tf-workspaces-vs-directories): Terraform workspaces or a directory per environment, and where do Terragrunt and Terratest fit?
# A directory per environment: each has its own backend key, its own values in code and
# its own plan to review, where workspaces share one backend and hide the environment in
# CLI state. Terragrunt would generate these thin roots (DRY backends); Terratest would
# apply a module in a scratch account and assert on the result, in Go.
module "environment" {
  source = "../../modules/eks-environment"

  environment             = "production"
  vpc_cidr                = "10.30.0.0/16"
  nat_gateway_mode        = "per_az"
  flow_log_retention_days = 90
  kubernetes_version      = "1.34"
  eks_admin_role_arns     = var.eks_admin_role_arns
  eks_public_access_cidrs = var.eks_public_access_cidrs
  route53_zone_id         = var.route53_zone_id

  # On demand: a spot reclaim must not take production's capacity away; staging uses spot.
  node_instance_types = ["m7i.large"]
  node_capacity_type  = "ON_DEMAND"
  node_min_size       = 3
  node_max_size       = 6

  redis_node_type               = "cache.t4g.small"
  redis_num_cache_clusters      = 2
  redis_snapshot_retention_days = 7
  recovery_window_in_days       = 30
}
