variable "name" {
  type        = string
  description = "Name of the monitored host and prefix of the alarms and topics, such as shortly-single-host."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.name))
    error_message = "name must be 3-39 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "instance_id" {
  type        = string
  description = "ID of the EC2 instance whose CPU, memory, disk and status checks are alarmed on."

  validation {
    condition     = can(regex("^i-[0-9a-f]{8,17}$", var.instance_id))
    error_message = "instance_id must be an EC2 instance ID such as i-0123456789abcdef0."
  }
}

variable "public_ip" {
  type        = string
  description = "Public IPv4 address (the Elastic IP) the Route 53 health check sends its HTTP requests to."

  validation {
    condition     = can(cidrhost("${var.public_ip}/32", 0))
    error_message = "public_ip must be an IPv4 address."
  }
}

variable "health_check_path" {
  type        = string
  description = "Path the Route 53 health check requests through the web service; /ready answers 200 only while the api reaches Redis."
  default     = "/ready"

  validation {
    condition     = can(regex("^/[A-Za-z0-9/_.-]*$", var.health_check_path))
    error_message = "health_check_path must be an absolute path such as /ready."
  }
}

variable "health_check_regions" {
  type        = list(string)
  description = "Regions the Route 53 health checkers run from (at least three); the check is healthy while enough of them get an answer."
  default     = ["us-east-1", "eu-west-1", "ap-southeast-1"]

  validation {
    condition = length(var.health_check_regions) >= 3 && alltrue([
      for region in var.health_check_regions : contains(
        ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"],
        region,
      )
    ])
    error_message = "health_check_regions must name at least three Route 53 health checker regions (us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1)."
  }
}

variable "agent_namespace" {
  type        = string
  description = "CloudWatch namespace the host's CloudWatch agent publishes memory and disk metrics in."
  default     = "CWAgent"
}

variable "disk_paths" {
  type        = list(string)
  description = "Mount points the CloudWatch agent reports disk usage for; each gets a disk-almost-full alarm."

  validation {
    condition     = length(var.disk_paths) > 0 && alltrue([for path in var.disk_paths : startswith(path, "/")])
    error_message = "disk_paths must list at least one absolute mount point."
  }
}

variable "cpu_threshold_percent" {
  type        = number
  description = "Average CPU utilisation (percent, over 15 minutes) that raises the CPU alarm."
  default     = 80

  validation {
    condition     = var.cpu_threshold_percent > 0 && var.cpu_threshold_percent <= 100
    error_message = "cpu_threshold_percent must be between 1 and 100."
  }
}

variable "memory_threshold_percent" {
  type        = number
  description = "Memory in use (percent, over 10 minutes) that raises the memory alarm."
  default     = 90

  validation {
    condition     = var.memory_threshold_percent > 0 && var.memory_threshold_percent <= 100
    error_message = "memory_threshold_percent must be between 1 and 100."
  }
}

variable "disk_threshold_percent" {
  type        = number
  description = "Disk space in use (percent) on any monitored mount point that raises its disk alarm."
  default     = 85

  validation {
    condition     = var.disk_threshold_percent > 0 && var.disk_threshold_percent <= 100
    error_message = "disk_threshold_percent must be between 1 and 100."
  }
}

variable "alarm_email" {
  type        = string
  description = "Email address every alarm notifies; AWS mails it a confirmation link per topic, and nothing is delivered until it is clicked."

  validation {
    condition     = can(regex("^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:].]+$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}
