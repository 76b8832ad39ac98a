output "alarm_topic_arn" {
  description = "SNS topic, in the host's region, that the CPU, memory, disk and status check alarms notify."
  value       = aws_sns_topic.alarms.arn
}

output "health_check_alarm_topic_arn" {
  description = "SNS topic in us-east-1 that the Route 53 health check alarm notifies (an alarm can only notify a topic in its own region)."
  value       = aws_sns_topic.health_check_alarms.arn
}

output "health_check_id" {
  description = "ID of the Route 53 health check that requests the health check path through the web service."
  value       = aws_route53_health_check.ready.id
}

output "alarm_names" {
  description = "Names of every CloudWatch alarm on the host, for aws cloudwatch describe-alarms and set-alarm-state."
  value = concat(
    [
      aws_cloudwatch_metric_alarm.cpu_high.alarm_name,
      aws_cloudwatch_metric_alarm.memory_high.alarm_name,
      aws_cloudwatch_metric_alarm.system_status_check_failed.alarm_name,
      aws_cloudwatch_metric_alarm.instance_status_check_failed.alarm_name,
      aws_cloudwatch_metric_alarm.health_check_failed.alarm_name,
    ],
    [for alarm in aws_cloudwatch_metric_alarm.disk_almost_full : alarm.alarm_name],
  )
}
