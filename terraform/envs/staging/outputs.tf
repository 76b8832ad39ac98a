output "environment" {
  description = "What the environment made, for the cluster's add-ons and the overlay (modules/eks-environment/outputs.tf): terraform output -json environment."
  value       = module.environment
}
