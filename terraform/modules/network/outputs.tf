output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = module.vpc.vpc_cidr_block
}

output "azs" {
  description = "Availability zones the subnets are spread over, in subnet order."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (internet gateway route), one per zone: load balancers and the single host."
  value       = module.vpc.public_subnets
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (no inbound route from the internet), one per zone: EKS nodes and ElastiCache."
  value       = module.vpc.private_subnets
}

output "private_subnet_cidr_blocks" {
  description = "IPv4 ranges of the private subnets, for Kubernetes NetworkPolicy egress rules to ElastiCache."
  value       = module.vpc.private_subnets_cidr_blocks
}
