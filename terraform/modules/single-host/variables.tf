variable "name" {
  type        = string
  description = "Name of the host and prefix of its resources, such as shortly-single-host."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.name))
    error_message = "name must be 3-39 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "ID of the VPC of the host."
}

variable "subnet_id" {
  type        = string
  description = "Public subnet (route to an internet gateway) the host runs in; the data volume is created in the same availability zone."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type. t3.small (2 vCPU, 2 GiB) runs the stack and builds its images; scale up (vertically) here until step two."
  default     = "t3.small"

  # The image parameter is x86_64, and the data volume is found by its NVMe name,
  # so the type must be a current-generation (Nitro) x86 type.
  validation {
    condition     = can(regex("^(t3|t3a|m6i|m6a|m7i|m7a|c6i|c6a|c7i|c7a)\\.(micro|small|medium|large|xlarge|2xlarge)$", var.instance_type))
    error_message = "instance_type must be an x86_64 Nitro type from the t3, t3a, m6i, m6a, m7i, m7a, c6i, c6a, c7i or c7a families, micro to 2xlarge."
  }
}

variable "root_volume_size_gb" {
  type        = number
  description = "Size in GiB of the encrypted gp3 root volume (operating system, Docker images and build cache)."
  default     = 20

  validation {
    condition     = var.root_volume_size_gb >= 10 && var.root_volume_size_gb <= 200
    error_message = "root_volume_size_gb must be between 10 and 200."
  }
}

variable "data_volume_size_gb" {
  type        = number
  description = "Size in GiB of the encrypted gp3 data volume holding the Docker named volumes (Redis' data)."
  default     = 10

  validation {
    condition     = var.data_volume_size_gb >= 1 && var.data_volume_size_gb <= 500
    error_message = "data_volume_size_gb must be between 1 and 500."
  }
}

variable "repository_url" {
  type        = string
  description = "HTTPS URL of the Shortly git repository the host checks out (public, or reachable without credentials)."

  validation {
    condition     = can(regex("^https://[^[:space:]'@]+$", var.repository_url))
    error_message = "repository_url must be an https:// URL without credentials, spaces or quotes."
  }
}

variable "git_ref" {
  type        = string
  description = "Release tag (v1.2.3) or full 40-character commit SHA to deploy. Changing it replaces the instance; the data volume stays."

  validation {
    condition     = can(regex("^(v[0-9]+\\.[0-9]+\\.[0-9]+|[0-9a-f]{40})$", var.git_ref))
    error_message = "git_ref must be a release tag such as v1.2.3 or a full commit SHA: a branch name moves, so the host would not run what was reviewed."
  }
}

variable "public_base_url" {
  type        = string
  description = "Origin users reach the service on (short URLs are built on it), such as http://sho.rt; null uses http:// and the Elastic IP."
  default     = null

  validation {
    condition     = var.public_base_url == null || can(regex("^https?://[a-z0-9.-]+(:[0-9]+)?$", var.public_base_url))
    error_message = "public_base_url must be a scheme and host (and optional port) without a path, such as https://sho.rt."
  }
}

variable "snapshot_retention_days" {
  type        = number
  description = "How many daily snapshots of the data volume to keep."
  default     = 7

  validation {
    condition     = var.snapshot_retention_days >= 1 && var.snapshot_retention_days <= 90
    error_message = "snapshot_retention_days must be between 1 and 90."
  }
}

variable "snapshot_time_utc" {
  type        = string
  description = "Time of day (HH:MM, UTC) the daily snapshot starts; pick a quiet hour."
  default     = "03:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.snapshot_time_utc))
    error_message = "snapshot_time_utc must be HH:MM in 24-hour time, such as 03:00."
  }
}
