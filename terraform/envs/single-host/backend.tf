# Q(tf-state-locking): Where should Terraform state live, and how does locking stop two applies from clashing?
# In the versioned, KMS-encrypted bucket of terraform/bootstrap, one key per environment.
# use_lockfile takes a lock object beside the state with a conditional write, so a second
# apply fails to start instead of overwriting the first: native S3 locking (1.11 GA) that
# replaces the DynamoDB table. init -backend-config="bucket=<bootstrap's state_bucket>".
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
