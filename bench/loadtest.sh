#!/usr/bin/env bash
# End-to-end load run (docs/benchmarks.md): the platform in production mode on PostgreSQL (fsync on, the server's
# defaults) and Mosquitto on this machine, devices registered through the API, signed reports published over MQTT at
# a target rate, every report counted once it is stored. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and
# the mosquitto binary (a dedicated broker is started on 127.0.0.1:18830 with bench/mosquitto-load.conf). Arguments are passed to LoadRun (--devices, --rate, --duration, --clients).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/jdk.sh"
ects_find_jdk
JAVA="$ECTS_JAVA_HOME/bin/java"
DB=ects_load
PORT="${LOAD_SERVER_PORT:-18080}"
PASSWORD="load-test-admin-$(date +%s)"
PREFIX="ects-load-$(date +%s)/v0"
DATA="$(mktemp -d)"
LOG="$DATA/platform.log"

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" postgres

# PostgreSQL as a production deployment would run it for a sustained write load (docs/operations.md): checkpoints
# spaced out and WAL compressed, so that the run measures the platform rather than Debian's small defaults, which
# checkpoint every few seconds under this load. fsync and synchronous_commit stay on. Reloadable settings only; they
# are reset when the run ends. LOAD_PG_DEFAULTS=1 keeps the server as it is.
pg_tuned=0
if [ "${LOAD_PG_DEFAULTS:-0}" != 1 ]; then
  echo "loadtest: PostgreSQL for sustained writes during the run: max_wal_size=8GB, checkpoint_timeout=15min, wal_compression=on"
  psql -h 127.0.0.1 -U postgres -q postgres >/dev/null <<'SQL'
ALTER SYSTEM SET max_wal_size = '8GB';
ALTER SYSTEM SET checkpoint_timeout = '15min';
ALTER SYSTEM SET wal_compression = on;
SELECT pg_reload_conf();
SQL
  pg_tuned=1
fi
restore_pg() {
  if [ "$pg_tuned" = 1 ]; then
    psql -h 127.0.0.1 -U postgres -q postgres -c "ALTER SYSTEM RESET max_wal_size" -c "ALTER SYSTEM RESET checkpoint_timeout" \
      -c "ALTER SYSTEM RESET wal_compression" -c "SELECT pg_reload_conf()" >/dev/null || true
  fi
}
trap 'set +e; restore_pg' EXIT

echo "loadtest: starting a dedicated Mosquitto on 127.0.0.1:18830 (bench/mosquitto-load.conf)"
mosquitto -c "$here/bench/mosquitto-load.conf" > "$DATA/mosquitto.log" 2>&1 &
broker=$!
sleep 1
echo "loadtest: starting the platform (log: $LOG)"
SPRING_PROFILES_ACTIVE=production SERVER_PORT="$PORT" ECTS_DATA_DIR="$DATA" ECTS_ADMIN_PASSWORD="$PASSWORD" \
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB?reWriteBatchedInserts=true" \
SPRING_DATASOURCE_USERNAME=postgres ECTS_MQTT_HOST=127.0.0.1 ECTS_MQTT_PORT=18830 ECTS_MQTT_TOPIC_PREFIX="$PREFIX" \
  "$JAVA" ${LOAD_PLATFORM_OPTS:--Xmx2g} -jar "$here/ects-server/target/ects-server.jar" \
  --ects.ingress.tcp.openects=-1 --ects.ingress.tcp.ais140=-1 --ects.ingress.tcp.jt600=-1 \
  --ects.ingress.tcp.jt808=-1 --ects.ingress.tcp.teltonika=-1 --ects.ingress.tcp.iridium=-1 > "$LOG" 2>&1 &
platform=$!
trap 'set +e; kill $platform $broker 2>/dev/null; wait $platform $broker 2>/dev/null; restore_pg; cp "$LOG" "${TMPDIR:-/tmp}/ects-loadtest-platform.log"; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 $platform 2>/dev/null || { echo "loadtest: the platform did not start"; tail -50 "$LOG"; exit 1; }
  sleep 1
done

"$JAVA" -cp "$here/ects-benchmarks/target/ects-benchmarks.jar" org.openects.benchmarks.load.LoadRun \
  --api "http://127.0.0.1:$PORT" --password "$PASSWORD" --broker 127.0.0.1:18830 --prefix "$PREFIX" \
  --jdbc "jdbc:postgresql://127.0.0.1:5432/$DB" "$@"
