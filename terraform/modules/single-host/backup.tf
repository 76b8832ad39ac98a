# Q(dr-plan-rto-rpo): How do you set RTO and RPO targets and rehearse disaster recovery?
# Targets of the single host, stated so they can be tested: RPO 24 hours (one
# snapshot a day; Redis' append-only file makes each snapshot crash-consistent)
# and RTO about 30 minutes (volume from snapshot, terraform apply, cloud-init
# rebuilds the stack). Rehearse by restoring the latest snapshot into a scratch
# copy of this environment and checking that known short links still redirect.
# A smaller RPO is the reason for step two: ElastiCache replicas lose seconds,
# not a day, when a node dies.

data "aws_iam_policy_document" "dlm_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["dlm.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "dlm" {
  name               = "${var.name}-dlm"
  description        = "Lets Data Lifecycle Manager snapshot the ${var.name} data volume"
  assume_role_policy = data.aws_iam_policy_document.dlm_trust.json
}

resource "aws_iam_role_policy_attachment" "dlm" {
  role       = aws_iam_role.dlm.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole"
}

resource "aws_dlm_lifecycle_policy" "data" {
  description        = "Daily snapshots of the ${var.name} Redis data volume"
  execution_role_arn = aws_iam_role.dlm.arn
  state              = "ENABLED"

  policy_details {
    resource_types = ["VOLUME"]
    target_tags    = local.backup_tag

    schedule {
      name = "daily"

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = [var.snapshot_time_utc]
      }

      retain_rule {
        count = var.snapshot_retention_days
      }

      # Snapshots carry the volume's tags (environment, cost allocation) and say who made them.
      copy_tags   = true
      tags_to_add = { SnapshotCreator = "dlm" }
    }
  }
}
