# gatehouse-example-path: infra/gcp/storage.tf
resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # expect: iac/tf-gcs-public-member
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "readers" {
  bucket  = google_storage_bucket.reports.name
  role    = "roles/storage.objectViewer"
  # expect: iac/tf-gcs-public-member
  members = ["group:analysts@example.com", "allAuthenticatedUsers"]
}

resource "google_storage_bucket_iam_member" "app" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ok: iac/tf-gcs-public-member
  member = "serviceAccount:app@acme-prod.iam.gserviceaccount.com"
}

resource "google_cloud_run_service_iam_member" "invoker" {
  service = google_cloud_run_service.site.name
  role    = "roles/run.invoker"
  # ok: iac/tf-gcs-public-member
  member  = "allUsers"
}
