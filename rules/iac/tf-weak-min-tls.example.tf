# gatehouse-example-path: infra/azure/tls.tf
resource "azurerm_storage_account" "legacy" {
  name                     = "acmelegacy"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # expect: iac/tf-weak-min-tls
  min_tls_version          = "TLS1_0"
}

resource "azurerm_mssql_server" "main" {
  name                         = "acme-sql"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = "westeurope"
  version                      = "12.0"
  # ok: iac/tf-weak-min-tls
  minimum_tls_version          = "1.2"
}
