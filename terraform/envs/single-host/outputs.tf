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

output "alarm_topic_arns" {
  description = "SNS topics the alarms notify: the host alarms' in the host's region, the health check alarm's in us-east-1. Each needs its email subscription confirmed."
  value       = [module.monitoring.alarm_topic_arn, module.monitoring.health_check_alarm_topic_arn]
}

output "alarm_names" {
  description = "CloudWatch alarms on the host and its health check."
  value       = module.monitoring.alarm_names
}

output "health_check_id" {
  description = "Route 53 health check that requests /ready through the web service every 30 seconds."
  value       = module.monitoring.health_check_id
}
