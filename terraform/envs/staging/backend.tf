# Q(tf-state-locking): Where should Terraform state live, and how does locking stop two applies from clashing?
# One state per environment in the bootstrap bucket, locked with S3's native
# lock file (use_lockfile, Terraform 1.10+): a conditional write creates
# staging/terraform.tfstate.tflock and fails while another run holds it, so two
# applies cannot interleave. No DynamoDB lock table is needed any more.
#   terraform init -backend-config="bucket=<state_bucket output of bootstrap>"
terraform {
  backend "s3" {
    key     = "staging/terraform.tfstate"
    region  = "eu-west-1"
    encrypt = true
    # Without a key id the backend writes every state with SSE-S3, whatever the bucket's
    # default. An alias resolves in the caller's account; use the key ARN across accounts.
    kms_key_id   = "alias/shortly-terraform-state"
    use_lockfile = true
  }
}
