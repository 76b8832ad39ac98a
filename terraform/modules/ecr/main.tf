# Q(cicd-image-build-push): How does the CI/CD pipeline tag builds by commit SHA, reuse the build cache and push to a registry?
# One repository per image (api, web). The pipeline pushes each build under its
# commit SHA; immutable tags make that name a promise: the image deployed as
# "3f9c2e1" today is byte for byte the one tested, and nobody can push over it.
resource "aws_ecr_repository" "this" {
  for_each = var.repositories

  name                 = "${var.name_prefix}/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  # Images are the release history: deleting a repository that still holds them
  # must be a deliberate two-step change, never a side effect of a rename.
  force_delete = false

  # Q(cicd-security-scanning): Which security scans (SAST, dependencies, images, IaC) should gate a release in the CI/CD pipeline?
  # Basic scanning on push finds known CVEs in OS packages as soon as the pipeline
  # pushes; the pipeline's own image scan gates the release before that, this one
  # keeps the findings next to the image for later audits.
  image_scanning_configuration {
    scan_on_push = true
  }

  # Q(security-encryption): Where do you apply encryption for data and credentials, both stored and on the wire?
  # ECR always encrypts layers at rest (AES-256 when nothing is said); naming KMS
  # makes every decrypt an auditable KMS call in CloudTrail, with the AWS-managed
  # key so there is no key policy to maintain.
  encryption_configuration {
    encryption_type = "KMS"
  }
}

# Every push of a SHA-tagged image adds storage forever unless something expires
# it; untagged layers (left over from failed or superseded pushes) go first.
resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Expire untagged images after ${var.untagged_expiry_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_expiry_days
        }
        action = { type = "expire" }
      },
      {
        # A tagStatus "any" rule must have the highest priority number of the policy.
        rulePriority = 2
        description  = "Keep the ${var.keep_image_count} most recent images (enough to roll back)"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.keep_image_count
        }
        action = { type = "expire" }
      },
    ]
  })
}
