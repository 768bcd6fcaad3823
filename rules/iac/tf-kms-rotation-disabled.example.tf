# gatehouse-example-path: infra/kms.tf
resource "aws_kms_key" "data" {
  description         = "data"
  # expect: iac/tf-kms-rotation-disabled
  enable_key_rotation = false
}

resource "aws_kms_key" "logs" {
  description         = "logs"
  # ok: iac/tf-kms-rotation-disabled
  enable_key_rotation = true
}
