variable "environment" {
  type        = string
  description = "Environment name (staging, production): names every resource shortly-<environment> and its Redis secret."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.environment))
    error_message = "environment must be a short lowercase name such as staging."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 range of the VPC; each of the three zones gets a /20 public and a /20 private subnet from it."
}

variable "nat_gateway_mode" {
  type        = string
  description = "NAT gateways: single (one shared, cheaper) or per_az (one per zone, survives a zone outage)."

  validation {
    condition     = contains(["single", "per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be single or per_az: EKS nodes in private subnets need one."
  }
}

variable "flow_log_retention_days" {
  type        = number
  description = "Days the VPC flow logs are kept in CloudWatch Logs."
}

variable "kubernetes_version" {
  type        = string
  description = "EKS Kubernetes minor version, such as 1.34."
}

variable "eks_admin_role_arns" {
  type        = list(string)
  description = "IAM roles granted cluster-admin through EKS access entries (people and the deploy pipeline)."
}

variable "eks_public_access_cidrs" {
  type        = list(string)
  description = "Ranges that may reach the Kubernetes API from the internet; empty keeps the endpoint private to the VPC."
}

variable "node_instance_types" {
  type        = list(string)
  description = "Instance types of the node group; several let spot capacity come from more pools."
}

variable "node_capacity_type" {
  type        = string
  description = "ON_DEMAND or SPOT capacity for the node group."

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_min_size" {
  type        = number
  description = "Fewest nodes; the Cluster Autoscaler never goes below it."
}

variable "node_max_size" {
  type        = number
  description = "Most nodes the Cluster Autoscaler may add when pods stay Pending."
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type."
}

variable "redis_num_cache_clusters" {
  type        = number
  description = "Redis nodes: 1 is a single node without failover, 2 or more a primary with replicas in other zones."
}

variable "redis_snapshot_retention_days" {
  type        = number
  description = "Days of daily ElastiCache snapshots to keep."
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted Secrets Manager secret can be restored; 0 deletes at once (an environment rebuilt often)."
}

variable "route53_zone_id" {
  type        = string
  description = "Public Route 53 hosted zone of the environment's host name, where cert-manager proves the domain (DNS-01); null: no cert-manager role."
  default     = null
}
