variable "name" {
  type        = string
  description = "Name of the replication group and prefix of its other resources, such as shortly-production."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,33}[a-z0-9]$", var.name))
    error_message = "name must be 4-35 characters of lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen (ElastiCache adds suffixes up to its 40-character limit)."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC of the replication group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets for the nodes, one per availability zone the nodes may be placed in."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must name at least one subnet."
  }
}

variable "client_security_group_ids" {
  type        = map(string)
  description = "Security groups allowed to connect on 6379, by a static label (the label names the rule), such as { eks-nodes = \"sg-...\" }."

  validation {
    condition     = length(var.client_security_group_ids) > 0
    error_message = "client_security_group_ids must name at least one client security group, or nothing could use Redis."
  }
}

variable "node_type" {
  type        = string
  description = "ElastiCache node type, such as cache.t4g.micro for staging or cache.m7g.large for production; size it to the data set plus headroom for forks during snapshots."

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must be an ElastiCache node type such as cache.t4g.small."
  }
}

variable "num_cache_clusters" {
  type        = number
  description = "Number of nodes: 1 (no replica, no failover; staging) or 2-6 (one primary, replicas in other zones, automatic failover; production)."

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6
    error_message = "num_cache_clusters must be between 1 and 6."
  }

  validation {
    condition     = var.num_cache_clusters == 1 || length(var.subnet_ids) >= 2
    error_message = "A replicated group (num_cache_clusters > 1) needs subnets in at least two availability zones."
  }
}

variable "engine_version" {
  type        = string
  description = "Redis engine version (major.minor); the parameter group family is redis7."
  default     = "7.1"

  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a Redis 7 version such as 7.1 (the module uses the default.redis7 parameter group)."
  }
}

variable "snapshot_retention_days" {
  type        = number
  description = "Days of daily snapshots to keep; 0 turns automatic snapshots off."
  default     = 7

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "auth_token_secret_name" {
  type        = string
  description = "Name of the Secrets Manager secret that receives the AUTH token, such as shortly/production/redis-auth-token (the key the ExternalSecret in k8s/ reads)."

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.auth_token_secret_name))
    error_message = "auth_token_secret_name may hold only letters, digits and /_+=.@- (Secrets Manager's rule)."
  }
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days Secrets Manager keeps the deleted AUTH token secret recoverable; 0 deletes it at once (throwaway environments only)."
  default     = 7

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}
