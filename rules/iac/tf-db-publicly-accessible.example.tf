# gatehouse-example-path: infra/rds.tf
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  storage_encrypted   = true
  # expect: iac/tf-db-publicly-accessible
  publicly_accessible = true
}

resource "aws_db_instance" "replica" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  storage_encrypted   = true
  # ok: iac/tf-db-publicly-accessible
  publicly_accessible = false
}
