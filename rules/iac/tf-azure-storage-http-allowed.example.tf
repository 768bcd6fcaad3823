# gatehouse-example-path: infra/azure/storage.tf
resource "azurerm_storage_account" "legacy" {
  name                       = "acmelegacy"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "LRS"
  # expect: iac/tf-azure-storage-http-allowed
  https_traffic_only_enabled = false
}

resource "azurerm_storage_account" "main" {
  name                      = "acmemain"
  resource_group_name       = azurerm_resource_group.main.name
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  # ok: iac/tf-azure-storage-http-allowed
  enable_https_traffic_only = true
}
