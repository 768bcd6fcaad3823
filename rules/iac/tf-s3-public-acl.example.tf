# gatehouse-example-path: infra/s3.tf
resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"
  # expect: iac/tf-s3-public-acl
  acl = "public-read"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  # expect: iac/tf-s3-public-acl
  acl    = "public-read-write"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  # ok: iac/tf-s3-public-acl
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket_acl" "private" {
  bucket = aws_s3_bucket.private.id
  # ok: iac/tf-s3-public-acl
  acl    = "private"
}
