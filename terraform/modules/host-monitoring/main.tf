# Q(obs-host-monitoring): What monitoring watches the single server's resource usage, and which scheduled external check and alarms go with it?
# Inside: CPU from EC2, memory, disk and swap from the CloudWatch agent cloud-init installs,
# with alarms well before the service suffers; EC2 status checks recover the instance.
# Outside: a Route 53 health check requests /ready every 30 s from three regions (the stack
# down, Redis gone). Every alarm mails one address, on ALARM and on OK.

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  # One disk alarm per mount point, named after it: root, var-lib-docker-volumes.
  disk_alarms = {
    for path in var.disk_paths : path => path == "/" ? "root" : trim(replace(path, "/", "-"), "-")
  }
}

# Alarm notifications carry no secret, so the topic is not KMS-encrypted:
# CloudWatch cannot publish with the AWS-managed SNS key (its key policy cannot
# be changed), and a customer-managed key would cost more than all of this.
resource "aws_sns_topic" "alarms" {
  #checkov:skip=CKV_AWS_26:alarm notifications carry no secret, and CloudWatch cannot publish with the AWS-managed key
  name = "${var.name}-alarms"
}

# Terraform cannot confirm an email subscription: it stays "pending
# confirmation", and receives nothing, until the link AWS mails is clicked.
resource "aws_sns_topic_subscription" "alarms_email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Q(obs-alerting): Which conditions on the host deserve an alert, and at what threshold?
# Each alarm is something a person must act on, with the first step in its
# description: resources running out (CPU, memory, disk) well before the
# service fails, and the instance itself failing (status checks). Thresholds
# hold for several minutes so a build or a burst does not page anyone.
resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "${var.name}-cpu-high"
  alarm_description   = "CPU above ${var.cpu_threshold_percent}% for 15 minutes. A t3 spends CPU credits (and is billed for extra ones); find the busy container with docker stats, or resize the instance."
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { InstanceId = var.instance_id }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.cpu_threshold_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "memory_high" {
  alarm_name          = "${var.name}-memory-high"
  alarm_description   = "Memory in use above ${var.memory_threshold_percent}% for 10 minutes; the kernel's OOM killer comes next. Find the container that grew with docker stats."
  namespace           = var.agent_namespace
  metric_name         = "mem_used_percent"
  dimensions          = { InstanceId = var.instance_id }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.memory_threshold_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "disk_almost_full" {
  for_each = local.disk_alarms

  alarm_name        = "${var.name}-disk-almost-full-${each.value}"
  alarm_description = "${each.key} is more than ${var.disk_threshold_percent}% full. On / free space with docker system prune (old images, build cache); on the data volume grow the EBS volume before Redis can no longer write."
  namespace         = var.agent_namespace
  metric_name       = "used_percent"
  # The agent names a disk metric by mount point and file system type (the
  # device is dropped in its config); both file systems are ext4: Ubuntu's root
  # and the data volume that cloud-init formats.
  dimensions = {
    InstanceId = var.instance_id
    path       = each.key
    fstype     = "ext4"
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.disk_threshold_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# EC2's status checks, every minute and without the agent. A failed system
# check is AWS's side (hardware, host network): recover restarts the instance
# on other hardware with the same ID, volumes and Elastic IP.
resource "aws_cloudwatch_metric_alarm" "system_status_check_failed" {
  alarm_name          = "${var.name}-system-status-check-failed"
  alarm_description   = "EC2 system status check failed for 2 minutes: the instance is being recovered onto other hardware (same ID, volumes and Elastic IP)."
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_System"
  dimensions          = { InstanceId = var.instance_id }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:${data.aws_partition.current.partition}:automate:${data.aws_region.current.region}:ec2:recover", aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# A failed instance check is the guest's side (kernel, exhausted memory, file
# system): a reboot is the first remedy, and shortly.service starts the stack.
resource "aws_cloudwatch_metric_alarm" "instance_status_check_failed" {
  alarm_name          = "${var.name}-instance-status-check-failed"
  alarm_description   = "EC2 instance status check failed for 3 minutes: the instance is being rebooted. Read the console output (aws ec2 get-console-output) if it keeps failing."
  namespace           = "AWS/EC2"
  metric_name         = "StatusCheckFailed_Instance"
  dimensions          = { InstanceId = var.instance_id }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:${data.aws_partition.current.partition}:automate:${data.aws_region.current.region}:ec2:reboot", aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
