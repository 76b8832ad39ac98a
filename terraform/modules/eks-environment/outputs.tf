output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "kubeconfig_command" {
  description = "Command that writes a kubeconfig entry for the cluster."
  value       = "aws eks update-kubeconfig --region ${data.aws_region.current.region} --name ${module.eks.cluster_name}"
}

output "ecr_repository_urls" {
  description = "Registry URL of each image, for docker push and kustomize edit set image."
  value       = module.ecr.repository_urls
}

output "redis_url" {
  description = "REDIS_URL for the api ConfigMap (k8s/overlays/*/api-config.env): TLS to the ElastiCache primary endpoint."
  value       = module.redis.url
}

output "redis_auth_token_secret_arn" {
  description = "Secrets Manager secret with the Redis AUTH token, read by the External Secrets Operator."
  value       = module.redis.auth_token_secret_arn
}

output "private_subnet_cidr_blocks" {
  description = "Private subnet ranges (where ElastiCache lives), for the api NetworkPolicy's egress rule."
  value       = module.network.private_subnet_cidr_blocks
}

output "service_account_role_arns" {
  description = "IAM role of each platform service account (external-secrets, cluster-autoscaler, cert-manager when a zone is given), for its eks.amazonaws.com/role-arn annotation."
  value       = module.eks.service_account_role_arns
}
