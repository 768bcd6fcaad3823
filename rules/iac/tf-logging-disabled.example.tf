# gatehouse-example-path: infra/audit.tf
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect: iac/tf-logging-disabled
  enable_logging = false
}

resource "google_container_cluster" "main" {
  name            = "main"
  location        = "europe-west1"
  # expect: iac/tf-logging-disabled
  logging_service = "none"
}

resource "aws_cloudtrail" "org" {
  name           = "org"
  s3_bucket_name = aws_s3_bucket.trail.id
  # ok: iac/tf-logging-disabled
  enable_logging = true
}
