provider "aws" {
  region = var.aws_region
  # Staging and production belong in separate AWS accounts; naming the account
  # makes a plan with the other environment's credentials fail before it starts.
  allowed_account_ids = [var.aws_account_id]

  # Tags on every resource, for cost allocation by environment and for ownership.
  default_tags {
    tags = {
      Project     = "shortly"
      Environment = "production"
      ManagedBy   = "terraform"
      Owner       = var.owner
    }
  }
}
