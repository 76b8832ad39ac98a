output "repository_urls" {
  description = "Registry URL of each repository by image name, for docker push and the Kubernetes manifests."
  value       = { for image, repository in aws_ecr_repository.this : image => repository.repository_url }
}

output "repository_arns" {
  description = "ARN of each repository by image name, for IAM policies that push or pull."
  value       = { for image, repository in aws_ecr_repository.this : image => repository.arn }
}
