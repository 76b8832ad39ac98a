# Q(tf-cloud-foundation): How would Terraform modules lay out the network, cluster, database and cache layers?
# The network is the bottom layer: every other module takes its IDs as inputs and
# nothing here knows about EKS or Redis. It is a thin wrapper around the community
# VPC module so that Shortly's subnet plan and NAT choices live in one place and
# every environment gets the same layout from a handful of inputs.

data "aws_availability_zones" "available" {
  # New zones get the next letter, so the first az_count names below never change.
  #checkov:skip=CKV_AWS_394:only the first az_count zones by name are used; a new zone sorts after them
  state = "available"

  # Local Zones and Wavelength Zones have fewer services (no ElastiCache, few
  # instance types); only the region's regular zones take part.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  # One /20 per zone and tier from the VPC range: 4,096 addresses per private subnet
  # leaves room for EKS pods, which take VPC addresses with the VPC CNI.
  public_subnets  = [for index, _ in local.azs : cidrsubnet(var.cidr_block, 4, index)]
  private_subnets = [for index, _ in local.azs : cidrsubnet(var.cidr_block, 4, index + 8)]
}

module "vpc" {
  # Registry modules are pinned to an exact release; a commit hash would hide the version
  # from Dependabot and from readers, and the registry serves only published releases.
  #checkov:skip=CKV_TF_1:exact registry version instead of a commit hash (see above)
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = var.name
  cidr = var.cidr_block
  azs  = local.azs

  public_subnets  = local.public_subnets
  private_subnets = local.private_subnets

  # Q(cost-optimisation): How do you cut AWS cost through right-sizing, reserved or spot capacity and tagging?
  # A NAT gateway costs about as much as a small instance before any traffic, so
  # the mode is a per-environment choice: none for the single host (it lives in a
  # public subnet), one shared gateway for staging, one per zone for production so
  # that losing a zone does not cut the other zones off the internet.
  enable_nat_gateway     = var.nat_gateway_mode != "none"
  single_nat_gateway     = var.nat_gateway_mode == "single"
  one_nat_gateway_per_az = var.nat_gateway_mode == "per_az"

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Instances get a public address only when they ask for one (the single host
  # uses an Elastic IP); nothing becomes reachable by landing in a public subnet.
  map_public_ip_on_launch = false

  # The default security group allows all traffic between its members; with no
  # rules at all, a resource that forgets to name a group gets no network access.
  manage_default_security_group  = true
  default_security_group_ingress = []
  default_security_group_egress  = []

  # Tags the AWS Load Balancer Controller and EKS use to find where to place
  # internet-facing and internal load balancers.
  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }
  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }

  # Flow logs record accepted and rejected connections: the evidence needed to
  # debug a security group or investigate an incident after the fact.
  enable_flow_log                                 = var.flow_log_retention_days > 0
  create_flow_log_cloudwatch_log_group            = var.flow_log_retention_days > 0
  create_flow_log_cloudwatch_iam_role             = var.flow_log_retention_days > 0
  flow_log_cloudwatch_log_group_retention_in_days = var.flow_log_retention_days
  flow_log_max_aggregation_interval               = 600
}
