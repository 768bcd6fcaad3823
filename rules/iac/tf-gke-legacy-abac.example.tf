# gatehouse-example-path: infra/gke.tf
resource "google_container_cluster" "legacy" {
  name               = "legacy"
  location           = "europe-west1"
  # expect: iac/tf-gke-legacy-abac
  enable_legacy_abac = true
}

resource "google_container_cluster" "main" {
  name               = "main"
  location           = "europe-west1"
  # ok: iac/tf-gke-legacy-abac
  enable_legacy_abac = false
}
