# gatehouse-example-path: infra/azure/storage.tf
resource "azurerm_storage_account" "assets" {
  name                            = "acmeassets"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  # expect: iac/tf-azure-storage-public-access
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_container" "uploads" {
  name                  = "uploads"
  storage_account_name  = azurerm_storage_account.assets.name
  # expect: iac/tf-azure-storage-public-access
  container_access_type = "container"
}

resource "azurerm_storage_container" "private" {
  name                  = "private"
  storage_account_name  = azurerm_storage_account.assets.name
  # ok: iac/tf-azure-storage-public-access
  container_access_type = "private"
}
