#!/usr/bin/env bash
# Creates one database per service, each owned by a login role of its own, so that no service can touch another's
# data. The official postgres image runs /docker-entrypoint-initdb.d/*.sh once, when the data directory is empty
# (first start); later starts keep the data. The passwords come from the environment, never from this file.
# The same script serves docker compose (deploy/compose/postgres) and Kubernetes (k8s/base/infrastructure/postgres);
# deploy-tests fails if the two copies differ.
set -euo pipefail

create_database() {
  local database="$1" role="$2" password="$3"
  # psql variables (:"name" quotes an identifier, :'name' a literal) keep the password out of the SQL text.
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v database="${database}" -v role="${role}" -v password="${password}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
}

create_database shop_users user_service "${USER_SERVICE_DB_PASSWORD:?USER_SERVICE_DB_PASSWORD is not set}"
create_database shop_products product_service "${PRODUCT_SERVICE_DB_PASSWORD:?PRODUCT_SERVICE_DB_PASSWORD is not set}"
create_database shop_orders order_service "${ORDER_SERVICE_DB_PASSWORD:?ORDER_SERVICE_DB_PASSWORD is not set}"
