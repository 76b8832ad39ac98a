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

variable "eks_admin_role_arns" {
  type        = list(string)
  description = "IAM roles (SSO administrators, the deploy pipeline) granted cluster-admin on the EKS cluster."
}

variable "eks_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach the Kubernetes API from the internet; empty keeps it private to the VPC."
  default     = []
}

variable "route53_zone_id" {
  type        = string
  description = "ID of the public Route 53 hosted zone of the public host name; cert-manager writes its DNS-01 challenge records there."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone ID such as Z0123456789ABCDEFGHIJ."
  }
}
