# Q(tf-state-locking): Where should Terraform state live, and how does locking stop two applies from clashing?
# State lives in the versioned, KMS-encrypted bucket made by terraform/bootstrap,
# one key per environment, so a mistake in one environment's state cannot touch
# another's. use_lockfile makes every plan and apply first create a lock object
# next to the state with an S3 conditional write (If-None-Match), which fails
# while someone else holds it: the second apply waits or stops instead of
# overwriting the first one's changes. That native S3 locking (Terraform 1.10+,
# generally available in 1.11) replaces the separate DynamoDB lock table older
# setups needed: one resource fewer to create, pay for and grant access to.
# The bucket name holds the account ID and is passed at init time:
#   terraform init -backend-config="bucket=<state_bucket output of bootstrap>"
terraform {
  backend "s3" {
    key     = "single-host/terraform.tfstate"
    region  = "eu-west-1"
    encrypt = true
    # Without a key id the backend writes every state with SSE-S3, whatever the bucket's
    # default. An alias resolves in the caller's account; use the key ARN across accounts.
    kms_key_id   = "alias/shortly-terraform-state"
    use_lockfile = true
  }
}
