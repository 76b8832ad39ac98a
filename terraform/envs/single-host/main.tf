# Step one: Shortly as its first deployment ran it, one EC2 instance running the
# Docker Compose stack, now reproducible from this directory.

locals {
  name = "shortly-single-host"
}

# Q(tf-modules-environments): How do Terraform modules and per-environment variables keep dev, staging and prod alike?
# This root only wires modules together; what differs between environments is
# a handful of variables. The same network module that spreads staging and
# production over three zones gives this host one zone, and no NAT gateway,
# because a host in a public subnet does not need one.
module "network" {
  source = "../../modules/network"

  name                    = local.name
  cidr_block              = var.vpc_cidr
  az_count                = 1
  nat_gateway_mode        = "none"
  flow_log_retention_days = 14
}

module "host" {
  source = "../../modules/single-host"

  name                    = local.name
  vpc_id                  = module.network.vpc_id
  subnet_id               = module.network.public_subnet_ids[0]
  instance_type           = var.instance_type
  repository_url          = var.repository_url
  git_ref                 = var.git_ref
  public_base_url         = var.public_base_url
  snapshot_retention_days = var.snapshot_retention_days
}

# CPU, memory, disk and status check alarms on the host, and a Route 53 health
# check of /ready through the web service; every alarm mails alarm_email. The disk
# alarms cover exactly the mount points the host's CloudWatch agent reports.
module "monitoring" {
  source = "../../modules/host-monitoring"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name              = local.name
  instance_id       = module.host.instance_id
  public_ip         = module.host.public_ip
  health_check_path = "/ready"
  agent_namespace   = module.host.cloudwatch_agent_namespace
  disk_paths        = module.host.cloudwatch_agent_disk_paths
  alarm_email       = var.alarm_email
}
