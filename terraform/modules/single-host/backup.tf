# Q(dr-plan-rto-rpo): How do you set RTO and RPO targets and rehearse disaster recovery?
# RPO 24 h (a daily snapshot; the AOF makes it crash-consistent), RTO about 30 min (volume
# from snapshot, apply, cloud-init rebuilds). Rehearse by restoring into a scratch copy and
# checking known links redirect. A smaller RPO is why step two uses ElastiCache replicas.

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
