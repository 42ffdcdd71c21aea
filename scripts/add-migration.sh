#!/usr/bin/env bash
# Adds a migration to the dashboard database for both providers (EF Core keeps one set per provider, since their
# column types differ): scripts/add-migration.sh AddSomething. Review both, then commit them with the model change.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh MigrationName}
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project Dashboard.Web --context "${provider}DashboardDbContext" \
    --output-dir "Store/Migrations/$provider"
done
