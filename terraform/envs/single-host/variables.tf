variable "aws_region" {
  type        = string
  description = "AWS region of the host."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }
}

variable "aws_account_id" {
  type        = string
  description = "AWS account this environment lives in; the provider refuses to run against any other."

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
  description = "IPv4 range of the host's VPC."
  default     = "10.10.0.0/16"
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the host (validated by the single-host module)."
  default     = "t3.small"
}

variable "repository_url" {
  type        = string
  description = "HTTPS URL of the Shortly git repository the host checks out."
}

variable "git_ref" {
  type        = string
  description = "Release tag (v1.2.3) or full commit SHA to run; changing it replaces the instance, the data volume stays."
}

variable "public_base_url" {
  type        = string
  description = "Origin of the short URLs, such as http://sho.rt; null uses the Elastic IP."
  default     = null
}

variable "snapshot_retention_days" {
  type        = number
  description = "How many daily snapshots of the Redis data volume to keep."
  default     = 7
}

variable "alarm_email" {
  type        = string
  description = "Email address the monitoring alarms notify; confirm the two subscription emails AWS sends after the first apply."

  validation {
    condition     = can(regex("^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:].]+$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}
