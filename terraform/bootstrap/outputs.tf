output "state_bucket" {
  description = "Name of the state bucket: pass it to terraform init -backend-config=\"bucket=...\" in every root."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state; roles that run Terraform need kms:Decrypt and kms:GenerateDataKey on it."
  value       = aws_kms_key.state.arn
}
