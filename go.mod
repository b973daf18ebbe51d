module github.com/ionosdns/terraform-provider-ionosdns

go 1.26
