output "primary_endpoint" {
  description = "DNS name of the primary node; it follows a failover, so clients always write here."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint" {
  description = "DNS name that spreads reads over the replicas."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "TCP port of Redis (TLS)."
  value       = local.port
}

output "url" {
  description = "REDIS_URL of the api: rediss:// (TLS) to the primary endpoint, without the password."
  value       = "rediss://${aws_elasticache_replication_group.this.primary_endpoint_address}:${local.port}"
}

output "auth_token_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the AUTH token; grant secretsmanager:GetSecretValue on exactly this ARN."
  value       = aws_secretsmanager_secret.auth_token.arn
}

output "security_group_id" {
  description = "Security group of the Redis nodes."
  value       = aws_security_group.this.id
}
