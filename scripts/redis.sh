#!/usr/bin/env bash
# Makes a Redis with Vector Sets (Redis 8) available on loopback.
#
#   scripts/redis.sh binary   print the path of a redis-server that has Vector Sets (builds it once)
#   scripts/redis.sh start    print a redis:// URL answering VADD: $RAGTUNE_REDIS_URL if it does,
#                             otherwise a cached Redis 8 started on a free loopback port
#   scripts/redis.sh stop     stop the server that 'start' launched
#   scripts/redis.sh cluster-start
#                             start a Redis Cluster of 3 masters + 3 replicas (so a failover can be tried) on
#                             free loopback ports under $RUN_DIR/cluster, wait for cluster_state:ok on every node
#                             and print the masters' redis:// URLs, comma-separated (again if it already runs)
#   scripts/redis.sh cluster-stop
#                             stop that cluster and delete its data (cluster-start always makes a new one)
#
# Redis 8 is built from Debian's redis source tarball (the upstream tarball carries its own deps),
# into $RAGTUNE_CACHE (default ~/.cache/ragtune) and reused on later runs. With Docker,
# `docker run -p 6379:6379 redis:8` and RAGTUNE_REDIS_URL=redis://localhost:6379 work as well.
set -euo pipefail

CACHE=${RAGTUNE_CACHE:-$HOME/.cache/ragtune}
REDIS_HOME="$CACHE/redis8"
RUN_DIR="$CACHE/run"
SERVER="$REDIS_HOME/bin/redis-server"
CLI="$REDIS_HOME/bin/redis-cli"

die() { echo "redis.sh: $*" >&2; exit 1; }
log() { echo "redis.sh: $*" >&2; }

# True when the server at URL accepts a Vector Sets command.
answers_vadd() {
  local url=$1 cli=${2:-redis-cli}
  command -v "$cli" >/dev/null 2>&1 || [ -x "$cli" ] || return 1
  local key="ragtune:probe:$$"
  "$cli" -u "$url" VADD "$key" VALUES 2 0.1 0.2 probe >/dev/null 2>&1 || return 1
  local reply
  reply=$("$cli" -u "$url" VCARD "$key" 2>/dev/null) || return 1
  "$cli" -u "$url" DEL "$key" >/dev/null 2>&1 || true
  [ "$reply" = "1" ]
}

download_source() {
  local work=$1
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  cat >"$work/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian sid main
deb-src http://deb.debian.org/debian trixie main
EOF
  local opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=/dev/null
              -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
              -o APT::Sandbox::User=root -o Acquire::Languages=none)
  apt-get "${opts[@]}" update >"$work/apt-update.log" 2>&1 \
    || die "apt-get update for the Debian source lists failed (see $work/apt-update.log)"
  (cd "$work" && apt-get "${opts[@]}" source --download-only redis >"$work/apt-source.log" 2>&1) \
    || die "could not download Debian's redis source package (see $work/apt-source.log)"
  ls "$work"/redis_8*.orig.tar.* >/dev/null 2>&1 \
    || die "Debian's redis source is not Redis 8: $(ls "$work" | grep orig || echo none)"
}

build_redis() {
  [ -x "$SERVER" ] && return 0
  command -v make >/dev/null && command -v cc >/dev/null || die "building Redis 8 needs make and a C compiler"
  local work="$CACHE/build"
  rm -rf "$work"; mkdir -p "$work"
  log "building Redis 8 from Debian's source tarball into $REDIS_HOME (about 3 minutes, once)"
  download_source "$work"
  local tarball
  tarball=$(ls "$work"/redis_8*.orig.tar.* | sort -V | tail -n 1)
  mkdir -p "$work/src" && tar -xf "$tarball" -C "$work/src" --strip-components=1
  make -C "$work/src" -j"$(nproc)" USE_SYSTEMD=no BUILD_TLS=no >"$work/make.log" 2>&1 \
    || die "Redis build failed (see $work/make.log)"
  mkdir -p "$REDIS_HOME/bin"
  cp "$work/src/src/redis-server" "$work/src/src/redis-cli" "$REDIS_HOME/bin/"
  rm -rf "$work"
  "$SERVER" --version >&2
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

# N distinct free loopback ports, one a line: bound all at once, so no two are the same.
free_ports() {
  python3 - "$1" <<'EOF' 2>/dev/null || shuf -i 20000-39999 -n "$1"
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))
EOF
}

start() {
  if [ -n "${RAGTUNE_REDIS_URL:-}" ]; then
    if answers_vadd "$RAGTUNE_REDIS_URL" || { build_redis && answers_vadd "$RAGTUNE_REDIS_URL" "$CLI"; }; then
      echo "$RAGTUNE_REDIS_URL"; return 0
    fi
    log "RAGTUNE_REDIS_URL=$RAGTUNE_REDIS_URL does not answer VADD; starting a local Redis 8 instead"
  fi
  build_redis
  mkdir -p "$RUN_DIR"
  if [ -f "$RUN_DIR/redis.port" ] && answers_vadd "redis://127.0.0.1:$(cat "$RUN_DIR/redis.port")" "$CLI"; then
    echo "redis://127.0.0.1:$(cat "$RUN_DIR/redis.port")"; return 0
  fi
  local port; port=$(free_port)
  "$SERVER" --bind 127.0.0.1 --port "$port" --daemonize yes --dir "$RUN_DIR" \
    --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" \
    --appendonly yes --save "" >/dev/null
  # A large append-only file takes a while to load (commands answer LOADING meanwhile): wait while the server
  # lives, so a slow start is not left running unrecorded beside the next one, writing to the same directory.
  local tenths=0
  until answers_vadd "redis://127.0.0.1:$port" "$CLI"; do
    if [ $tenths -ge 50 ] && ! { [ -f "$RUN_DIR/redis.pid" ] && kill -0 "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null; }; then
      die "started $SERVER on port $port but it does not answer VADD (see $RUN_DIR/redis.log)"
    fi
    [ $tenths -eq 50 ] && log "Redis is still starting (loading its data?), waiting; see $RUN_DIR/redis.log"
    [ $tenths -ge 6000 ] && die "Redis on port $port did not answer VADD within 10 minutes (see $RUN_DIR/redis.log)"
    sleep 0.1; tenths=$((tenths + 1))
  done
  echo "$port" >"$RUN_DIR/redis.port"
  echo "redis://127.0.0.1:$port"
}

stop() {
  if [ -f "$RUN_DIR/redis.pid" ]; then
    kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/redis.pid" "$RUN_DIR/redis.port"
  fi
}

CLUSTER_DIR="$RUN_DIR/cluster"

# True when the node on port $1 reports cluster_state:ok, knows all 3 replicas and, if it is one, has synced with
# its master: a node can say ok while the replica roles set by 'redis-cli --cluster create' are still spreading by
# gossip, and a replica holds no data (cannot take over) before its first sync.
cluster_ready() {
  [[ $("$CLI" -h 127.0.0.1 -p "$1" CLUSTER INFO 2>/dev/null) == *cluster_state:ok* ]] || return 1
  [ "$("$CLI" -h 127.0.0.1 -p "$1" CLUSTER NODES 2>/dev/null | awk '$3 ~ /slave/ && $3 !~ /fail/' | wc -l)" -eq 3 ] || return 1
  local replication; replication=$("$CLI" -h 127.0.0.1 -p "$1" INFO replication 2>/dev/null)
  [[ $replication == *role:master* || $replication == *master_link_status:up* ]]
}

# The redis:// URLs of the masters that serve slots, comma-separated (asked each time: a failover moves them).
cluster_masters() {
  "$CLI" -h 127.0.0.1 -p "$1" CLUSTER NODES \
    | awk '$3 ~ /master/ && $3 !~ /fail/ && NF > 8 { split($2, a, "@"); print "redis://" a[1] }' | sort | paste -sd, -
}

cluster_start() {
  build_redis
  if [ -f "$CLUSTER_DIR/ports" ]; then
    local known
    for known in $(cat "$CLUSTER_DIR/ports"); do
      if cluster_ready "$known"; then cluster_masters "$known"; return 0; fi
    done
    cluster_stop
  fi
  mkdir -p "$CLUSTER_DIR"
  # each node gets its own client port and cluster bus port: the default bus port (port + 10000) can be
  # taken, or above 65535 for a port from the ephemeral range
  local free ports=() port bus addresses=()
  mapfile -t free < <(free_ports 12)
  for i in 0 1 2 3 4 5; do
    port=${free[$i]} bus=${free[$((i + 6))]}
    ports+=("$port") addresses+=("127.0.0.1:$port")
    mkdir -p "$CLUSTER_DIR/$port"
    "$SERVER" --bind 127.0.0.1 --port "$port" --cluster-port "$bus" --daemonize yes --dir "$CLUSTER_DIR/$port" \
      --pidfile "$CLUSTER_DIR/$port/redis.pid" --logfile "$CLUSTER_DIR/$port/redis.log" --save "" \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 2000 \
      --appendonly yes --repl-diskless-sync-delay 0 >/dev/null
  done
  echo "${ports[*]}" >"$CLUSTER_DIR/ports"
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do
      "$CLI" -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1 && continue 2
      sleep 0.1
    done
    die "cluster node on port $port did not start (see $CLUSTER_DIR/$port/redis.log)"
  done
  "$CLI" --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$CLUSTER_DIR/create.log" 2>&1 \
    || die "redis-cli --cluster create failed (see $CLUSTER_DIR/create.log)"
  for port in "${ports[@]}"; do
    for _ in $(seq 1 300); do
      cluster_ready "$port" && continue 2
      sleep 0.1
    done
    die "the node on port $port never got ready: cluster_state:ok, 3 replicas in sync (see $CLUSTER_DIR/$port/redis.log)"
  done
  cluster_masters "${ports[0]}"
}

cluster_stop() {
  local pidfile
  for pidfile in "$CLUSTER_DIR"/*/redis.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  # a node that still runs would write its files again
  for pidfile in "$CLUSTER_DIR"/*/redis.pid; do
    for _ in $(seq 1 50); do [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$CLUSTER_DIR"
}

case "${1:-start}" in
  binary) build_redis; echo "$SERVER" ;;
  start) start ;;
  stop) stop ;;
  cluster-start) cluster_start ;;
  cluster-stop) cluster_stop ;;
  *) die "usage: scripts/redis.sh [binary|start|stop|cluster-start|cluster-stop]" ;;
esac
