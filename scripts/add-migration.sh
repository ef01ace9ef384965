#!/usr/bin/env bash
# Adds one migration, under the same name, to both providers' migration projects.
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project=src/Transparency.Migrations.$provider
  dotnet build "$project" -v q --nologo
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
