output "url" {
  description = "Where the service answers."
  value       = module.host.url
}

output "public_ip" {
  description = "Elastic IP of the host, for the DNS A record."
  value       = module.host.public_ip
}

output "ssm_session_command" {
  description = "Command that opens a shell on the host through SSM Session Manager (there is no SSH)."
  value       = "aws ssm start-session --region ${var.aws_region} --target ${module.host.instance_id}"
}

output "redis_password_secret_arn" {
  description = "Secrets Manager secret with the Redis password of the host."
  value       = module.host.redis_password_secret_arn
}
