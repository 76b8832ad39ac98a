output "state_bucket" {
  description = "Name of the state bucket: pass it to terraform init -backend-config=\"bucket=...\" in every root."
  value       = aws_s3_bucket.state.id
}

output "state_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the state; roles that run Terraform need kms:Decrypt and kms:GenerateDataKey on it."
  value       = aws_kms_key.state.arn
}

output "github_plan_role_arn" {
  description = "Read-only role for pull request and drift plans: the repository variable AWS_TERRAFORM_PLAN_ROLE_ARN."
  value       = aws_iam_role.github_terraform["plan"].arn
}

output "github_apply_role_arns" {
  description = "Apply role per GitHub environment: each environment's variable AWS_TERRAFORM_APPLY_ROLE_ARN."
  value = {
    staging    = aws_iam_role.github_terraform["apply-staging"].arn
    production = aws_iam_role.github_terraform["apply-production"].arn
  }
}
