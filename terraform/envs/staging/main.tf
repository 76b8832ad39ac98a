# Q(tf-modules-environments): How do Terraform modules and per-environment variables keep dev, staging and prod alike?
# Staging and production are one composition, modules/eks-environment, each root calling
# it with its own values: here one NAT gateway, spot nodes, a single Redis node without
# failover. What staging proves about the composition holds for production, because it
# is the same code; the values below are reviewed in git like any change.
module "environment" {
  source = "../../modules/eks-environment"

  environment             = "staging"
  vpc_cidr                = "10.20.0.0/16"
  nat_gateway_mode        = "single"
  flow_log_retention_days = 14
  kubernetes_version      = "1.34"
  eks_admin_role_arns     = var.eks_admin_role_arns
  eks_public_access_cidrs = var.eks_public_access_cidrs

  node_instance_types = ["t3.medium", "t3a.medium"]
  node_capacity_type  = "SPOT"
  node_min_size       = 2
  node_max_size       = 4

  redis_node_type               = "cache.t4g.micro"
  redis_num_cache_clusters      = 1
  redis_snapshot_retention_days = 1
  # Staging is torn down and rebuilt; a deleted secret must not block the next create.
  recovery_window_in_days = 0
}
