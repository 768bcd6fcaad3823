# gatehouse-example-path: infra/storage.tf
resource "aws_db_instance" "main" {
  engine            = "mysql"
  instance_class    = "db.t4g.micro"
  # expect: iac/tf-encryption-disabled
  storage_encrypted = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  # expect: iac/tf-encryption-disabled
  encrypted         = false
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 10
  # ok: iac/tf-encryption-disabled
  encrypted         = true
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "cache"
  description                = "cache"
  # ok: iac/tf-encryption-disabled
  at_rest_encryption_enabled = true
  # expect: iac/tf-encryption-disabled
  transit_encryption_enabled = false
}
