variable "name" {
  type        = string
  description = "Name of the VPC and prefix of its subnets, such as shortly-production."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.name))
    error_message = "name must be 3-39 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "cidr_block" {
  type        = string
  description = "IPv4 range of the VPC; a /16 gives each of up to three zones a /20 public and a /20 private subnet."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && try(tonumber(split("/", var.cidr_block)[1]) <= 16, false)
    error_message = "cidr_block must be a valid IPv4 CIDR of /16 or larger, such as 10.20.0.0/16."
  }
}

variable "az_count" {
  type        = number
  description = "Number of availability zones to spread subnets over: 3 for the highly available environments, 1 for the single host."
  default     = 3

  validation {
    condition     = contains([1, 2, 3], var.az_count)
    error_message = "az_count must be 1, 2 or 3."
  }
}

variable "nat_gateway_mode" {
  type        = string
  description = "Outbound internet for the private subnets: none, single (one shared NAT gateway, cheaper) or per_az (one per zone, survives a zone outage)."
  default     = "per_az"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be none, single or per_az."
  }
}

variable "flow_log_retention_days" {
  type        = number
  description = "Days to keep VPC flow logs in CloudWatch Logs; 0 turns flow logs off."
  default     = 30

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be 0 or a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365)."
  }
}
