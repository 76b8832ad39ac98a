# Q(tf-iac-what-why): Why manage infrastructure as code instead of clicking through a cloud console?
# Even the first bucket is code: a console click leaves no review, no history
# and no way to rebuild the same thing in another account. This root creates,
# once per AWS account, what every other Terraform root needs before it can
# run: an encrypted, versioned, private S3 bucket for their state.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  # Bucket names are global across all AWS accounts; the account ID and region make it unique.
  state_bucket = "shortly-tfstate-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.region}"
}

# Q(security-encryption): Where do you apply encryption for data and credentials, both stored and on the wire?
# State holds secrets in plain text (the Redis AUTH token, for one), so it is
# encrypted with a customer-managed KMS key: reading a state file then needs
# both s3:GetObject and kms:Decrypt, and every decrypt is logged in CloudTrail.
# The bucket policy below refuses any request that is not over TLS.
resource "aws_kms_key" "state" {
  description             = "Encrypts the Terraform state of Shortly"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.state_key.json
}

# The key policy hands the key to the account's IAM: a role may use it only where its
# own IAM policy says so (the Terraform roles in github-actions.tf, administrators).
data "aws_iam_policy_document" "state_key" {
  #checkov:skip=CKV_AWS_109:a key policy's "*" resource is the key itself, and the principal is this account
  #checkov:skip=CKV_AWS_111:a key policy's "*" resource is the key itself, and the principal is this account
  #checkov:skip=CKV_AWS_356:a key policy's "*" resource is the key itself, and the principal is this account
  statement {
    sid       = "AccountIamDecides"
    actions   = ["kms:*"]
    resources = ["*"] # in a key policy, "*" is this key

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_alias" "state" {
  name          = "alias/shortly-terraform-state"
  target_key_id = aws_kms_key.state.key_id
}

resource "aws_s3_bucket" "state" {
  # Who read or wrote state is in CloudTrail (and every decrypt in KMS's log); versioning,
  # not a second region, is what brings back a bad write. Nothing reacts to state writes.
  #checkov:skip=CKV_AWS_18:CloudTrail records the state's readers and writers; access logs would need a bucket of their own
  #checkov:skip=CKV_AWS_144:versioning restores a bad write; a replica region would double the KMS and bucket setup for a few KB
  #checkov:skip=CKV2_AWS_62:no consumer of state-change events
  bucket = local.state_bucket

  # Losing the bucket loses track of every resource in every environment.
  lifecycle {
    prevent_destroy = true
  }
}

# Every write of a state file keeps the previous version: a corrupted or wrongly
# applied state can be rolled back by restoring an older version.
resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    # A bucket key cuts the KMS requests (and their cost) of frequent small writes.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket = aws_s3_bucket.state.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs off: access is decided by IAM and the bucket policy alone.
resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

data "aws_iam_policy_document" "state_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = data.aws_iam_policy_document.state_bucket.json

  # S3 rejects a policy while the public access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.state]
}

# Q(cost-optimisation): How do you cut AWS cost through right-sizing, reserved or spot capacity and tagging?
# Versioning keeps every old state and every lock file ever written; old
# versions expire after a while so the bucket does not grow for ever.
resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = var.noncurrent_version_retention_days
      newer_noncurrent_versions = 10
    }

    expiration {
      expired_object_delete_marker = true
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}
