# gatehouse-example-path: infra/gcp/sql.tf
resource "google_sql_database_instance" "main" {
  name             = "main"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = true
      authorized_networks {
        name  = "anywhere"
        # expect: iac/tf-gcp-sql-open-authorized-network
        value = "0.0.0.0/0"
      }
      authorized_networks {
        name  = "office"
        # ok: iac/tf-gcp-sql-open-authorized-network
        value = "203.0.113.0/24"
      }
    }
  }
}

resource "google_compute_instance_metadata" "example" {
  # ok: iac/tf-gcp-sql-open-authorized-network
  value = "0.0.0.0/0"
}
