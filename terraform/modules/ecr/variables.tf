variable "name_prefix" {
  type        = string
  description = "Prefix of the repository names, such as shortly-production (repositories become shortly-production/api)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.name_prefix))
    error_message = "name_prefix must be 3-39 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "repositories" {
  type        = set(string)
  description = "Images to create a repository for, such as [\"api\", \"web\"]."

  validation {
    condition     = length(var.repositories) > 0 && alltrue([for name in var.repositories : can(regex("^[a-z][a-z0-9-]*$", name))])
    error_message = "repositories must name at least one image, each in lower-case letters, digits and hyphens."
  }
}

variable "keep_image_count" {
  type        = number
  description = "How many of the most recent images each repository keeps; older ones expire."
  default     = 30

  validation {
    condition     = var.keep_image_count >= 5 && var.keep_image_count <= 1000
    error_message = "keep_image_count must be between 5 (room to roll back) and 1000."
  }
}

variable "untagged_expiry_days" {
  type        = number
  description = "Days after which untagged images (layers no tag points to any more) expire."
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1 && var.untagged_expiry_days <= 90
    error_message = "untagged_expiry_days must be between 1 and 90."
  }
}
