# gatehouse-example-path: infra/s3.tf
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  # expect: iac/tf-s3-public-access-block-disabled
  block_public_acls       = false
  # expect: iac/tf-s3-public-access-block-disabled
  block_public_policy     = false
  # ok: iac/tf-s3-public-access-block-disabled
  ignore_public_acls      = true
  # ok: iac/tf-s3-public-access-block-disabled
  restrict_public_buckets = var.restrict_public
}
