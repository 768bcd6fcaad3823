# gatehouse-example-path: infra/gcp/sql.tf
resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      # expect: iac/tf-gcp-sql-ssl-not-required
      require_ssl = false
    }
  }
}

resource "google_sql_database_instance" "secure" {
  name             = "secure"
  database_version = "MYSQL_8_0"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      # ok: iac/tf-gcp-sql-ssl-not-required
      require_ssl = true
    }
  }
}
