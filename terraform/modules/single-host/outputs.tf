output "instance_id" {
  description = "ID of the EC2 instance, for aws ssm start-session --target."
  value       = aws_instance.host.id
}

output "public_ip" {
  description = "Elastic IP of the host: point the DNS record here."
  value       = aws_eip.public.public_ip
}

output "url" {
  description = "Origin the service answers on (PUBLIC_BASE_URL of the stack)."
  value       = local.public_base_url
}

output "redis_password_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the Redis password; put a new value there and restart shortly.service to rotate."
  value       = aws_secretsmanager_secret.redis.arn
}

output "data_volume_id" {
  description = "ID of the EBS volume with the Docker named volumes; its daily snapshots carry the same tags."
  value       = aws_ebs_volume.data.id
}

output "cloudwatch_agent_namespace" {
  description = "CloudWatch namespace the host's CloudWatch agent publishes memory, swap and disk metrics in."
  value       = jsondecode(local.cloudwatch_agent_config).metrics.namespace
}

output "cloudwatch_agent_disk_paths" {
  description = "Mount points whose disk usage the CloudWatch agent reports (root and the data volume), for the disk alarms."
  value       = jsondecode(local.cloudwatch_agent_config).metrics.metrics_collected.disk.resources
}
