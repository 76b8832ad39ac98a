terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
      # Route 53 publishes health check metrics in us-east-1 only, so the alarm on
      # them (and the topic it notifies) must be created there: the caller passes
      # a provider configured for us-east-1 as aws.us_east_1.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
