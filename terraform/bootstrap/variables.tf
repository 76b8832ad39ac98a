variable "aws_region" {
  type        = string
  description = "Region of the state bucket. The backend blocks of every root name this region, so keep the two in step."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-1."
  }
}

variable "aws_account_id" {
  type        = string
  description = "AWS account this root may touch; the provider refuses to run against any other (a guard against the wrong credentials)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be the 12-digit AWS account ID."
  }
}

variable "owner" {
  type        = string
  description = "Team that owns and pays for these resources; becomes the Owner tag for cost allocation."
  default     = "platform"
}

variable "noncurrent_version_retention_days" {
  type        = number
  description = "Days an overwritten state version is kept (the 10 newest are always kept) before it expires."
  default     = 90

  validation {
    condition     = var.noncurrent_version_retention_days >= 30
    error_message = "noncurrent_version_retention_days must be at least 30, so a bad apply can still be rolled back weeks later."
  }
}

variable "github_repository" {
  type        = string
  description = "GitHub repository (owner/name) whose Actions workflows may assume the Terraform roles."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, for example octo-org/shortly."
  }
}
