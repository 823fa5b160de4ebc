#!/bin/bash
# Installs Request Tracker 5 from Debian's packages against the local PostgreSQL 15
# (127.0.0.1:5432, trust auth for postgres) and starts its standalone server on RT_PORT.
# Idempotent: rerunning skips what is done. Needs root (apt-get). Usage:
#   bench/peer-rt/install-rt.sh            # install + init database + start server
#   bench/peer-rt/install-rt.sh --stop     # stop the server started here
#   bench/peer-rt/install-rt.sh --drop     # stop, and drop the RT database
set -euo pipefail
RT_PORT=${RT_PORT:-8091}
RT_DB=${RT_DB:-rt5_bench}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
STATE=${RT_STATE_DIR:-/tmp/opsdesk-peer-rt}
mkdir -p "$STATE"
PIDFILE="$STATE/rt-server.pid"

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE"; echo "peer-rt: server stopped"
  fi
}
case "${1:-}" in
  --stop) stop; exit 0 ;;
  --drop) stop; psql -h "$PGHOST" -p "$PGPORT" -U postgres -c "drop database if exists $RT_DB with (force)"; exit 0 ;;
esac

if ! dpkg -s request-tracker5 rt5-db-postgresql >/dev/null 2>&1; then
  echo "peer-rt: installing request-tracker5 from Debian (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # The database is set up below by rt-setup-database, not by dbconfig-common.
  debconf-set-selections <<SEL
rt5-db-postgresql rt5-db-postgresql/dbconfig-install boolean false
request-tracker5 request-tracker5/rtname string opsdesk-bench
request-tracker5 request-tracker5/organization string opsdesk-bench.local
request-tracker5 request-tracker5/correspondaddress string rt@opsdesk-bench.local
request-tracker5 request-tracker5/commentaddress string rt-comment@opsdesk-bench.local
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1:$RT_PORT
request-tracker5 request-tracker5/webpath string
SEL
  apt-get install -y --no-install-recommends request-tracker5 rt5-db-postgresql rt5-standalone
fi

# Site configuration: our PostgreSQL, our port, quiet logs.
SITE=/etc/request-tracker5/RT_SiteConfig.d/90-opsdesk-bench.pm
cat > "$SITE" <<CONF
Set(\$DatabaseType, 'Pg');
Set(\$DatabaseHost, '$PGHOST');
Set(\$DatabasePort, '$PGPORT');
Set(\$DatabaseName, '$RT_DB');
Set(\$DatabaseUser, 'postgres');
Set(\$DatabasePassword, '');
Set(\$DatabaseAdmin, 'postgres');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $RT_PORT);
Set(\$WebPath, '');
Set(\$LogToSTDERR, 'error');
Set(\$LogToSyslog, undef);
Set(\$LogToFile, undef);
1;
CONF

find_tool() { # Debian suffixes RT's tools with -5 and keeps some under /usr/share
  for candidate in "$1-5" "$1" /usr/sbin/"$1"-5 /usr/sbin/"$1" /usr/bin/"$1"-5 /usr/bin/"$1"; do
    command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return; }
  done
  dpkg -L request-tracker5 rt5-standalone 2>/dev/null | grep -E "/$1(-5)?$" | head -1
}

if ! psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname = '$RT_DB'" | grep -q 1; then
  echo "peer-rt: creating and initialising database $RT_DB"
  "$(find_tool rt-setup-database)" --action init --dba postgres --dba-password '' --skip-create=0 </dev/null \
    || "$(find_tool rt-setup-database)" --action init --dba postgres --dba-password '' </dev/null
fi

stop
SERVER=$(find_tool rt-server)
[ -n "$SERVER" ] || { echo "peer-rt: rt-server not found (rt5-standalone installed?)" >&2; exit 1; }
echo "peer-rt: starting $SERVER on port $RT_PORT"
nohup "$SERVER" --port "$RT_PORT" >"$STATE/rt-server.log" 2>&1 &
echo $! > "$PIDFILE"
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null -u root:password "http://127.0.0.1:$RT_PORT/REST/2.0/queues/all"; then
    echo "peer-rt: ready (root / password, REST 2 at http://127.0.0.1:$RT_PORT/REST/2.0)"; exit 0
  fi
  sleep 1
done
echo "peer-rt: RT did not answer; see $STATE/rt-server.log" >&2
exit 1
