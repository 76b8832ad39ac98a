variable "name" {
  type        = string
  description = "Name of the EKS cluster, such as shortly-production; also the prefix of its IAM roles."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.name))
    error_message = "name must be 3-39 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the control plane, such as 1.34. EKS upgrades one minor version at a time."

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.34."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC the cluster runs in."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets of the control plane network interfaces and the nodes, in at least two availability zones."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "EKS needs subnets in at least two availability zones."
  }
}

variable "endpoint_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the Kubernetes API from the internet; empty keeps the API endpoint private to the VPC."
  default     = []

  validation {
    condition     = alltrue([for cidr in var.endpoint_public_access_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "endpoint_public_access_cidrs must be valid CIDRs and must not open the API to the whole internet (0.0.0.0/0)."
  }
}

variable "admin_role_arns" {
  type        = list(string)
  description = "IAM roles (SSO administrators, the deploy pipeline) granted cluster-admin through EKS access entries."

  validation {
    condition     = length(var.admin_role_arns) > 0 && alltrue([for arn in var.admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", arn))])
    error_message = "admin_role_arns must hold at least one IAM role ARN, or nobody could administer the cluster."
  }
}

variable "node_instance_types" {
  type        = list(string)
  description = "Instance types of the managed node group; several types of the same size widen the spot capacity pool."

  validation {
    condition     = length(var.node_instance_types) > 0
    error_message = "node_instance_types must name at least one instance type."
  }
}

variable "node_capacity_type" {
  type        = string
  description = "ON_DEMAND for production, or SPOT (up to about 70% cheaper, may be reclaimed with two minutes' notice) for staging."
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_min_size" {
  type        = number
  description = "Fewest nodes; also the node count at creation. Use at least one per availability zone where zone failures must be survived."

  validation {
    condition     = var.node_min_size >= 1
    error_message = "node_min_size must be at least 1."
  }
}

variable "node_max_size" {
  type        = number
  description = "Most nodes the group may scale out to: the cost ceiling."

  validation {
    condition     = var.node_max_size >= var.node_min_size && var.node_max_size <= 50
    error_message = "node_max_size must be at least node_min_size and at most 50."
  }
}

variable "node_disk_size_gb" {
  type        = number
  description = "Size in GiB of each node's encrypted gp3 root volume (image layers, logs, emptyDir volumes)."
  default     = 30

  validation {
    condition     = var.node_disk_size_gb >= 20 && var.node_disk_size_gb <= 500
    error_message = "node_disk_size_gb must be between 20 and 500."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days to keep the control plane's API, audit and authenticator logs in CloudWatch Logs."
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365)."
  }
}

variable "service_account_roles" {
  type = map(object({
    namespace       = string
    service_account = string
    policy_json     = string
  }))
  description = "IAM roles for Kubernetes service accounts (IRSA), by role suffix: the service account that may assume it and the IAM policy it gets."
  default     = {}
}
