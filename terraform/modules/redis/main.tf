# Managed Redis for the highly available step: AWS runs the replication, the
# failover, the patching and the snapshots that the single host does by hand.

locals {
  port       = 6379
  replicated = var.num_cache_clusters > 1
}

resource "aws_elasticache_subnet_group" "this" {
  name        = var.name
  description = "Private subnets of the ${var.name} Redis replication group"
  subnet_ids  = var.subnet_ids
}

# Q(aws-iam-security-groups): How do IAM roles and AWS security groups apply least privilege?
# Redis answers on 6379 to the client groups named (the EKS nodes) and to nothing
# else: no CIDR rule, so a new workload in the VPC gets no access by accident.
# There are no egress rules either: ElastiCache never opens connections, and a
# security group is stateful, so replies to admitted clients still flow.
resource "aws_security_group" "this" {
  name_prefix = "${var.name}-redis-"
  description = "ElastiCache Redis of ${var.name}: port 6379 from the named client security groups only"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-redis" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "Redis from ${each.key}"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
}

# Q(secrets-management): Where should production secrets live (Vault, a secrets manager), and how are they rotated and audited?
# Terraform generates the AUTH token into ElastiCache and Secrets Manager; no person sees it,
# and every read by a consumer's IAM role is in CloudTrail (the state holds it too: hence the
# encrypted, locked-down bucket). Rotate with -replace on the random_password: the ROTATE
# strategy accepts old and new token until the pods restart; SET retires the old one.
resource "random_password" "auth_token" {
  length = 64
  # ElastiCache refuses some punctuation in AUTH tokens; letters and digits are
  # always accepted and need no escaping inside a redis:// URL.
  special = false
}

# The slow log is a tuning aid, not an audit trail: commands and timings, no values
# that need a customer-managed key, kept for a month.
# Snapshot names are unique per account and outlive the group: a fixed final name
# would make the second destroy of an environment fail (SnapshotAlreadyExistsFault).
# The suffix is created and destroyed with the environment, so each life of it gets a
# new one.
resource "random_id" "final_snapshot" {
  byte_length = 4
}

resource "aws_cloudwatch_log_group" "slow_log" {
  #checkov:skip=CKV_AWS_158:slow-log entries hold no secret; CloudWatch Logs encrypts them at rest with its own key
  #checkov:skip=CKV_AWS_338:a debugging log kept 30 days, not an audit log that must live a year
  name              = "/aws/elasticache/${var.name}/slow-log"
  retention_in_days = 30
}

resource "aws_elasticache_replication_group" "this" {
  # At-rest encryption uses the AWS-managed key: a customer-managed key would add key
  # policy and cost for links that are public by design; state and secrets get CMKs.
  #checkov:skip=CKV_AWS_191:encrypted at rest with the AWS-managed key (see above)
  replication_group_id = var.name
  description          = "Shortly links, visit counters and rate limits (${var.name})"

  # Q(scaling-redis-sharding): How does Redis scale when one node is not enough: bigger nodes, replicas or sharding?
  # Vertically first: a larger node_type, a minute of failover. Reads: replicas. Beyond
  # one primary's memory or write rate, cluster mode shards the keyspace over node groups
  # (the client follows MOVED). Shortly stays unsharded: a link is a few hundred bytes
  # (bench/README.md), millions per GB, and its Lua scripts touch keys in several slots.
  engine               = "redis"
  engine_version       = var.engine_version
  parameter_group_name = "default.redis7"
  node_type            = var.node_type
  port                 = local.port

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  # Q(ha-multi-az): How do you reach high availability through redundancy across zones and automatic failover?
  # With two or more nodes, replicas sit in other availability zones and
  # ElastiCache promotes one automatically when the primary or its zone fails;
  # the primary endpoint's DNS name follows, so clients only reconnect
  # (typically under a minute of failed writes). A single node has neither.
  num_cache_clusters         = var.num_cache_clusters
  automatic_failover_enabled = local.replicated
  multi_az_enabled           = local.replicated

  # Q(security-encryption): Where do you apply encryption for data and credentials, both stored and on the wire?
  # At rest: data files and snapshots are encrypted with KMS. In transit: TLS
  # between clients and nodes and between nodes, which is also what allows AUTH,
  # since a password sent in clear text would protect nothing.
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  auth_token_update_strategy = "ROTATE"

  # Q(dr-backup-restore): What is the backup and restore routine for Redis data, and how is it tested?
  # Daily snapshots kept for snapshot_retention_days, plus a final one on
  # destroy. Restoring means creating a replication group from a snapshot
  # (snapshot_name), which is how the restore is rehearsed: into staging, from a
  # production snapshot copy, then checking that known links still redirect.
  snapshot_retention_limit  = var.snapshot_retention_days
  snapshot_window           = "02:00-03:00"
  maintenance_window        = "sun:04:00-sun:05:00"
  final_snapshot_identifier = "${var.name}-final-${random_id.final_snapshot.hex}"

  # Engine and node type changes wait for the maintenance window instead of
  # restarting nodes in the middle of the day.
  apply_immediately = false

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}

resource "aws_secretsmanager_secret" "auth_token" {
  # Rotation is a Terraform change: replacing random_password.auth_token sets the new
  # token with auth_token_update_strategy ROTATE, while the old one still works.
  #checkov:skip=CKV2_AWS_57:rotated through Terraform (ROTATE strategy), not a rotation Lambda
  #checkov:skip=CKV_AWS_149:the account's aws/secretsmanager key; only the api's role may read the secret
  name                    = var.auth_token_secret_name
  description             = "AUTH token of the ${var.name} Redis replication group (REDIS_PASSWORD of the api)"
  recovery_window_in_days = var.recovery_window_in_days
}

# Only the token is secret; the endpoint is an output that goes into the api's
# ConfigMap as REDIS_URL.
resource "aws_secretsmanager_secret_version" "auth_token" {
  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = random_password.auth_token.result
}
