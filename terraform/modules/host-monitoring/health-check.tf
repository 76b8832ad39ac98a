# Q(obs-host-monitoring): Which scheduled external monitoring check watches the single server, and how does its alert reach someone?
# The scheduled external check: Route 53's health checkers request the web service
# every 30 seconds from several regions, as a user would, so it fails when
# anything on the way fails: instance, security group, Docker, nginx, the api,
# Redis (/ready answers 503 without it). It calls the Elastic IP, not a DNS
# name, because DNS records are not part of this environment.
resource "aws_route53_health_check" "ready" {
  type          = "HTTP"
  ip_address    = var.public_ip
  resource_path = var.health_check_path
  # The web service is published on the host's port 80 (WEB_PORT in the .env that
  # cloud-init writes); the host has no TLS listener.
  port              = 80
  request_interval  = 30
  failure_threshold = 3
  regions           = var.health_check_regions

  tags = { Name = "${var.name}-ready" }
}

# Route 53 publishes HealthCheckStatus in us-east-1 only, and an alarm can only
# notify a topic in its own region: so this alarm and its topic are created
# through the us-east-1 provider, with the same email subscribed.
resource "aws_sns_topic" "health_check_alarms" {
  #checkov:skip=CKV_AWS_26:alarm notifications carry no secret; see aws_sns_topic.alarms in main.tf
  provider = aws.us_east_1

  name = "${var.name}-health-check-alarms"
}

resource "aws_sns_topic_subscription" "health_check_alarms_email" {
  provider = aws.us_east_1

  topic_arn = aws_sns_topic.health_check_alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "health_check_failed" {
  provider = aws.us_east_1

  alarm_name          = "${var.name}-health-check-failed"
  alarm_description   = "Route 53 cannot get a 2xx or 3xx from http://${var.public_ip}${var.health_check_path}: users cannot reach Shortly. Start with sudo docker compose ps on the host."
  namespace           = "AWS/Route53"
  metric_name         = "HealthCheckStatus"
  dimensions          = { HealthCheckId = aws_route53_health_check.ready.id }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  # No data from the health check is no evidence that the service is up.
  treat_missing_data = "breaching"
  alarm_actions      = [aws_sns_topic.health_check_alarms.arn]
  ok_actions         = [aws_sns_topic.health_check_alarms.arn]
}
