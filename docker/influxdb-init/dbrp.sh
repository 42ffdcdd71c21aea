#!/bin/bash
# Run by the influxdb image once, when it sets itself up on an empty volume (DOCKER_INFLUXDB_INIT_MODE=setup), with
# the influx CLI already signed in as the admin. The dashboard speaks InfluxDB's v1 API (/write?db=…, /query):
# map that database name and retention policy "autogen" to the bucket, explicitly rather than relying on the
# virtual mapping 2.x derives from a bucket's name, so a bucket and database named differently still work.
set -euo pipefail

influx v1 dbrp create \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --bucket-id "${DOCKER_INFLUXDB_INIT_BUCKET_ID}" \
  --db "${DASHBOARD_DATABASE}" \
  --rp autogen \
  --default
