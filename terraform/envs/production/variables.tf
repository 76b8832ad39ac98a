variable "aws_region" {
  type        = string
  description = "AWS region of the environment."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }
}

variable "aws_account_id" {
  type        = string
  description = "AWS account of the production environment; the provider refuses to run against any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be the 12-digit AWS account ID."
  }
}

variable "owner" {
  type        = string
  description = "Team that owns and pays for these resources (the Owner tag)."
  default     = "platform"
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 range of the VPC; distinct per environment so the VPCs could be peered later."
  default     = "10.30.0.0/16"
}

variable "nat_gateway_mode" {
  type        = string
  description = "NAT gateways for the private subnets: single (cheaper, one zone's outage cuts egress) or per_az."
  default     = "per_az"
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the EKS control plane."
  default     = "1.34"
}

variable "eks_admin_role_arns" {
  type        = list(string)
  description = "IAM roles (SSO administrators, the deploy pipeline) granted cluster-admin on the EKS cluster."
}

variable "eks_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the Kubernetes API from the internet; empty keeps it private to the VPC."
  default     = []
}

variable "node_instance_types" {
  type        = list(string)
  description = "Instance types of the EKS managed node group."
  default     = ["m7i.large"]
}

variable "node_capacity_type" {
  type        = string
  description = "ON_DEMAND or SPOT capacity for the EKS nodes."
  default     = "ON_DEMAND"
}

variable "node_min_size" {
  type        = number
  description = "Fewest EKS nodes (and the count at creation)."
  default     = 3
}

variable "node_max_size" {
  type        = number
  description = "Most EKS nodes the group may scale out to."
  default     = 6
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type."
  default     = "cache.t4g.small"
}

variable "redis_num_cache_clusters" {
  type        = number
  description = "ElastiCache nodes: 1 has no failover, 2 or more fail over automatically across zones."
  default     = 2
}

variable "redis_snapshot_retention_days" {
  type        = number
  description = "Days of daily ElastiCache snapshots to keep."
  default     = 7
}

variable "route53_zone_id" {
  type        = string
  description = "ID of the public Route 53 hosted zone of the public host name; cert-manager writes its DNS-01 challenge records there."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone ID such as Z0123456789ABCDEFGHIJ."
  }
}
