provider "aws" {
  region              = var.aws_region
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = local.tags
  }
}

# Route 53 publishes its health check metrics in us-east-1 only, so the alarm on
# the health check (and the SNS topic it notifies) is created through this
# provider; the host-monitoring module receives it as aws.us_east_1.
provider "aws" {
  alias               = "us_east_1"
  region              = "us-east-1"
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = local.tags
  }
}

locals {
  # Q(cost-optimisation): How do you cut AWS cost through right-sizing, reserved or spot capacity and tagging?
  # Every resource this root creates carries these tags without anyone having to
  # remember them; activated as cost allocation tags, they split the AWS bill by
  # project and environment, and they tell whoever finds a resource who owns it.
  tags = {
    Project     = "shortly"
    Environment = "single-host"
    ManagedBy   = "terraform"
    Owner       = var.owner
  }
}
