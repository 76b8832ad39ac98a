# Q(tf-state-locking): Where should Terraform state live, and how does locking stop two applies from clashing?
# The bootstrap's own state lives in the bucket it creates. On the very first
# run that bucket does not exist yet, so the README applies once with a local
# backend (a backend_override.tf file that is never committed), then moves the
# state here with terraform init -migrate-state. The bucket name holds the
# account ID, so it is passed at init time: -backend-config="bucket=...".
terraform {
  backend "s3" {
    key     = "bootstrap/terraform.tfstate"
    region  = "eu-west-1"
    encrypt = true
    # Without a key id the backend writes every state with SSE-S3, whatever the bucket's
    # default. An alias resolves in the caller's account; use the key ARN across accounts.
    kms_key_id   = "alias/shortly-terraform-state"
    use_lockfile = true
  }
}
