provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = {
      Project     = "shortly"
      Environment = "shared"
      ManagedBy   = "terraform"
      Component   = "bootstrap"
      Owner       = var.owner
    }
  }
}
