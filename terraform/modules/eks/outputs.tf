output "cluster_name" {
  description = "Name of the EKS cluster, for aws eks update-kubeconfig."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64 certificate of the cluster's certificate authority, for kubeconfig."
  value       = module.eks.cluster_certificate_authority_data
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider, for further IRSA roles."
  value       = module.eks.oidc_provider_arn
}

output "node_security_group_id" {
  description = "Security group of the nodes; pods' traffic leaves with it, so data stores admit this group."
  value       = module.eks.node_security_group_id
}

output "service_account_role_arns" {
  description = "ARN of each IRSA role by its key in service_account_roles, for the eks.amazonaws.com/role-arn annotation."
  value       = { for key, role in aws_iam_role.service_account : key => role.arn }
}
