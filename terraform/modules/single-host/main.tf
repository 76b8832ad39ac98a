# Step one of Shortly on AWS: the whole Compose stack (web, api, redis) on one
# EC2 instance, as the first deployment ran it by hand, now written down.

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_subnet" "public" {
  id = var.subnet_id
}

# Canonical publishes the current Ubuntu 24.04 LTS image ID under this public SSM
# parameter; Ubuntu ships Docker and Compose v2 as distribution packages and the
# SSM agent preinstalled.
data "aws_ssm_parameter" "ubuntu_ami" {
  name = "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"
}

locals {
  public_base_url = coalesce(var.public_base_url, "http://${aws_eip.public.public_ip}")
  # Tag the data volume carries so the snapshot policy (backup.tf) finds it.
  backup_tag = { "shortly:backup" = var.name }
  # What the CloudWatch agent collects; read here too so the alarms are built
  # from the same file systems the agent measures (outputs.tf).
  cloudwatch_agent_config = file("${path.module}/cloudwatch-agent.json")
}

# Q(security-host-firewall): How do firewall rules restrict a host to SSH, HTTP and HTTPS only?
# The security group is enforced outside the instance, so a compromised host cannot lift
# it. No SSH at all (SSM Session Manager) and HTTP only; ufw would not do, since Docker
# writes its own iptables rules for published ports ahead of ufw's.
resource "aws_security_group" "host" {
  name_prefix = "${var.name}-host-"
  description = "Shortly single host: HTTP in from anywhere, HTTP and HTTPS out"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-host" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  #checkov:skip=CKV_AWS_260:a public web server; the web service's rate limits and headers guard it, no other port is open
  security_group_id = aws_security_group.host.id
  description       = "HTTP from anywhere to the web nginx (nginx)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

# Egress is open to any address, but only on 80 and 443: the package mirrors
# (HTTP), the git remote, image registries, the npm registry during image builds
# and the AWS APIs (Secrets Manager, SSM) have no fixed addresses to list. VPC
# endpoints could pin the AWS part down at about 7 USD a month each per zone.
# DNS (the VPC resolver) and NTP (Amazon Time Sync) are not subject to security
# groups, so they need no rule.
resource "aws_vpc_security_group_egress_rule" "http" {
  security_group_id = aws_security_group.host.id
  description       = "HTTP out: distribution package mirrors"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.host.id
  description       = "HTTPS out: git, image and package registries, AWS APIs"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

# A fixed public address: DNS records keep pointing at the service when the
# instance is replaced (a new git_ref or AMI creates a new instance).
resource "aws_eip" "public" {
  domain = "vpc"
  tags   = { Name = var.name }
}

resource "aws_eip_association" "public" {
  allocation_id = aws_eip.public.id
  instance_id   = aws_instance.host.id
}

# Q(dr-backup-restore): What is the backup and restore routine for Redis data, and how is it tested?
# Redis persists to a named Docker volume, and named volumes live on this
# separate EBS volume, not on the root disk. It outlives the instance: replacing
# the host re-attaches it with the data intact, and the snapshot policy in
# backup.tf copies it daily. Restore: create a volume from a snapshot, import it
# in place of this one (terraform import), apply.
resource "aws_ebs_volume" "data" {
  #checkov:skip=CKV_AWS_189:encrypted with the account's aws/ebs key; the snapshots stay in this account
  availability_zone = data.aws_subnet.public.availability_zone
  type              = "gp3"
  size              = var.data_volume_size_gb
  encrypted         = true

  # One last snapshot if this volume is ever destroyed, on purpose or not.
  final_snapshot = true

  tags = merge({ Name = "${var.name}-data" }, local.backup_tag)
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.host.id

  # Stop the instance before detaching (on replacement): shortly.service stops
  # the stack, Redis flushes its append-only file, the file system unmounts clean.
  stop_instance_before_detaching = true
}

# Q(tf-app-server): How would you describe the app server (instance, key pair, firewall group) in Terraform?
# The instance, its firewall (security group), its identity (instance profile)
# and its first-boot configuration (cloud-init) in one Terraform module. There is
# deliberately no key pair: no SSH port, no private key to store, rotate or leak;
# operators open a shell with "aws ssm start-session", which IAM authorises and
# CloudTrail records.
resource "aws_instance" "host" {
  ami                    = data.aws_ssm_parameter.ubuntu_ami.insecure_value
  instance_type          = var.instance_type
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [aws_security_group.host.id]
  iam_instance_profile   = aws_iam_instance_profile.host.name

  # The Elastic IP is the public address; an automatic one would change.
  associate_public_ip_address = false

  # One-minute metrics, so the CPU and status alarms react within minutes; and a
  # dedicated path to EBS, so disk traffic does not compete with the network.
  monitoring    = true
  ebs_optimized = true

  # IMDSv2 only, with a hop limit of 1: a process on the host can fetch the role's
  # credentials, a container behind Docker's bridge (one hop further) cannot.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    encrypted             = true
    delete_on_termination = true
  }

  user_data = templatefile("${path.module}/cloud-init.yaml.tftpl", {
    region           = data.aws_region.current.region
    redis_secret_arn = aws_secretsmanager_secret.redis.arn
    # The NVMe device of an EBS volume is named after the volume ID without its hyphen.
    data_volume_device = "nvme-Amazon_Elastic_Block_Store_${replace(aws_ebs_volume.data.id, "-", "")}"
    repository_url     = var.repository_url
    git_ref            = var.git_ref
    public_base_url    = local.public_base_url
    # The agent's own ${aws:InstanceId} placeholders pass through untouched: a value
    # inserted by templatefile is not interpolated again.
    cloudwatch_agent_config = local.cloudwatch_agent_config
  })
  # A changed cloud-init (such as a new git_ref) builds a fresh instance instead of
  # leaving the running one half-updated: the host is replaced, never patched.
  user_data_replace_on_change = true

  tags = { Name = var.name }

  # The role's permissions and the secret's value must exist before first boot reads them.
  depends_on = [
    aws_iam_role_policy.read_redis_password,
    aws_iam_role_policy_attachment.ssm,
    aws_iam_role_policy_attachment.cloudwatch_agent,
    aws_secretsmanager_secret_version.redis,
  ]

  # Q(tf-drift): How do you detect and correct drift between Terraform code and the live infrastructure?
  # The AMI parameter moves whenever Canonical publishes an image, which would
  # show up as a difference (and a replacement) on every plan. Ignoring it keeps
  # the scheduled drift check quiet about the one change that is expected, so
  # real drift stands out; unattended-upgrades patches the running host, and a
  # new image is taken on purpose with terraform apply -replace.
  lifecycle {
    ignore_changes = [ami]
  }
}

# Q(secrets-management): Where should production secrets live (Vault, a secrets manager), and how are they rotated and audited?
# The Redis password is generated here, stored in Secrets Manager, and read by
# the host at every start of the stack. User data holds only the secret's ARN
# (user data is readable by anyone with ec2:DescribeInstanceAttribute). Rotate by
# putting a new value into the secret and restarting shortly.service.
resource "random_password" "redis" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "redis" {
  #checkov:skip=CKV2_AWS_57:the Redis container reads it only at start; rotating means replacing random_password.redis and restarting the stack
  #checkov:skip=CKV_AWS_149:the account's aws/secretsmanager key; only the host's role may read the secret
  name                    = "${var.name}/redis-password"
  description             = "Password of the Redis container on the ${var.name} host"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id     = aws_secretsmanager_secret.redis.id
  secret_string = random_password.redis.result
}
