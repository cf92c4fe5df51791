# Sourced by ./ects (command `test`): gets a machine ready for the integration tests before `./mvnw verify`.
# They need PostgreSQL on 127.0.0.1:5432 (trust authentication for user postgres), Mosquitto on 127.0.0.1:1883 and
# Debian's chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). ects_test_prepare starts the
# installed servers that are down and installs Chromium with apt-get when it runs as root; what it cannot do itself
# it prints as the one command to run, and fails.
# ECTS_TEST_PREPARE=check only says what is missing and what would be done (changes nothing; fails when something
# is missing); ECTS_TEST_PREPARE=skip leaves the machine alone (servers of your own, ECTS_TEST_PG_HOST and so on).

ects_port_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# ects_test_todo WHY COMMAND: something the caller must do (not root, or not installed); all such commands are
# printed together, on one line, at the end.
ects_test_todo() {
  echo "ects: $1" >&2
  ECTS_TEST_TODO+=("$2")
  missing=1
}

# Where the browser tests look for them (HeadlessChromium).
ects_chromium_installed() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}

ects_is_root() {
  [ "$(id -u)" = 0 ]
}

# Prints the newest PostgreSQL cluster version under /etc/postgresql, or nothing.
ects_pg_version() {
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true
}

# ects_test_prepare_step NAME COMMAND...: runs COMMAND, or in check mode says it would.
ects_test_prepare_step() {
  local what="$1"; shift
  if [ "${ECTS_TEST_PREPARE:-}" = check ]; then
    echo "ects: would $what: $*" >&2
    return 1
  fi
  echo "ects: $what" >&2
  "$@"
}

ects_test_prepare() {
  local mode="${ECTS_TEST_PREPARE:-do}"
  [ "$mode" = skip ] && return 0
  local pg_host="${ECTS_TEST_PG_HOST:-127.0.0.1}" pg_port="${ECTS_TEST_PG_PORT:-5432}"
  local mqtt_host="${ECTS_TEST_MQTT_HOST:-127.0.0.1}" mqtt_port="${ECTS_TEST_MQTT_PORT:-1883}"
  local sudo="" missing=0 started=0 version
  ECTS_TEST_TODO=()
  ects_is_root || sudo="sudo "

  if ects_port_open "$pg_host" "$pg_port"; then
    echo "ects: PostgreSQL is up on $pg_host:$pg_port" >&2
  else
    version="$(ects_pg_version)"
    if [ "$pg_host" != 127.0.0.1 ] && [ "$pg_host" != localhost ]; then
      echo "ects: PostgreSQL on $pg_host:$pg_port does not answer; start it, or unset ECTS_TEST_PG_HOST" >&2
      missing=1
    elif [ -z "$version" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      ects_test_todo "PostgreSQL is not installed" "${sudo}apt-get install -y postgresql"
    elif [ -n "$sudo" ]; then
      ects_test_todo "PostgreSQL is down" "sudo pg_ctlcluster --skip-systemctl-redirect $version main start"
    else
      ects_test_prepare_step "start PostgreSQL $version" \
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || missing=1
      started=1
    fi
  fi

  if ects_port_open "$mqtt_host" "$mqtt_port"; then
    echo "ects: Mosquitto is up on $mqtt_host:$mqtt_port" >&2
  elif [ "$mqtt_host" != 127.0.0.1 ] && [ "$mqtt_host" != localhost ]; then
    echo "ects: the MQTT broker on $mqtt_host:$mqtt_port does not answer; start it, or unset ECTS_TEST_MQTT_HOST" >&2
    missing=1
  elif ! command -v mosquitto >/dev/null 2>&1; then
    ects_test_todo "Mosquitto is not installed" "${sudo}apt-get install -y mosquitto"
  elif [ -n "$sudo" ]; then
    ects_test_todo "Mosquitto is down" "sudo mosquitto -d -c /etc/mosquitto/mosquitto.conf"
  else
    ects_test_prepare_step "start Mosquitto" mosquitto -d -c /etc/mosquitto/mosquitto.conf || missing=1
    started=1
  fi

  if [ "$started" = 1 ] && [ "$mode" != check ]; then
    local _
    for _ in $(seq 1 30); do
      ects_port_open "$pg_host" "$pg_port" && ects_port_open "$mqtt_host" "$mqtt_port" && break
      sleep 1
    done
    ects_port_open "$pg_host" "$pg_port" || { echo "ects: PostgreSQL did not come up on $pg_host:$pg_port" >&2; missing=1; }
    ects_port_open "$mqtt_host" "$mqtt_port" || { echo "ects: Mosquitto did not come up on $mqtt_host:$mqtt_port" >&2; missing=1; }
  fi

  if ects_chromium_installed; then
    echo "ects: Chromium and ChromeDriver are installed" >&2
  elif [ -z "$sudo" ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$mode" = check ]; then
      echo "ects: would install Chromium for the browser tests: apt-get update && apt-get install -y chromium chromium-driver" >&2
      missing=1
    else
      echo "ects: installing Chromium for the browser tests (apt-get install chromium chromium-driver)" >&2
      ects_apt_install chromium chromium-driver || missing=1
    fi
  else
    ects_test_todo "the browser tests need Chromium" \
      "sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
  fi

  if [ "${#ECTS_TEST_TODO[@]}" -gt 0 ]; then
    local joined="" command
    for command in "${ECTS_TEST_TODO[@]}"; do
      joined="${joined:+$joined && }$command"
    done
    echo "ects: run first: $joined" >&2
  fi
  if [ "$mode" = check ]; then
    if [ "$missing" = 0 ]; then
      echo "ects: ready for the tests (check only: nothing was changed)" >&2
    else
      echo "ects: not ready for the tests (check only: nothing was changed)" >&2
    fi
  fi
  [ "$missing" = 0 ]
}

ects_apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
