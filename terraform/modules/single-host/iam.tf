# Q(aws-iam-security-groups): How do IAM roles and AWS security groups apply least privilege?
# The host's role can do three things: register with Systems Manager (Session
# Manager shells, patch reports), publish its CloudWatch agent's metrics, and
# read exactly one secret, by ARN. No ECR access (the host builds its images
# from the pinned git ref), no S3, nothing to reach other environments with.

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "host" {
  name               = "${var.name}-host"
  description        = "Instance role of the ${var.name} host: SSM agent, CloudWatch agent and its Redis password"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.host.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

# What the CloudWatch agent needs (cloud-init installs it), maintained by AWS as
# the agent changes. Its one wildcard is cloudwatch:PutMetricData, which has no
# resource-level permissions in IAM at all.
resource "aws_iam_role_policy_attachment" "cloudwatch_agent" {
  role       = aws_iam_role.host.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchAgentServerPolicy"
}

data "aws_iam_policy_document" "read_redis_password" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.redis.arn]
  }
}

resource "aws_iam_role_policy" "read_redis_password" {
  name   = "read-redis-password"
  role   = aws_iam_role.host.id
  policy = data.aws_iam_policy_document.read_redis_password.json
}

resource "aws_iam_instance_profile" "host" {
  name = "${var.name}-host"
  role = aws_iam_role.host.name
}
