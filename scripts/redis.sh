#!/usr/bin/env bash
# Makes a Redis with Vector Sets (Redis 8) available on loopback.
#
#   scripts/redis.sh binary   print the path of a redis-server that has Vector Sets (builds it once)
#   scripts/redis.sh start    print a redis:// URL answering VADD: $RAGTUNE_REDIS_URL if it does,
#                             otherwise a cached Redis 8 started on a free loopback port
#   scripts/redis.sh stop     stop the server that 'start' launched
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
  for _ in $(seq 1 50); do
    if answers_vadd "redis://127.0.0.1:$port" "$CLI"; then
      echo "$port" >"$RUN_DIR/redis.port"
      echo "redis://127.0.0.1:$port"; return 0
    fi
    sleep 0.1
  done
  die "started $SERVER on port $port but it does not answer VADD (see $RUN_DIR/redis.log)"
}

stop() {
  if [ -f "$RUN_DIR/redis.pid" ]; then
    kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/redis.pid" "$RUN_DIR/redis.port"
  fi
}

case "${1:-start}" in
  binary) build_redis; echo "$SERVER" ;;
  start) start ;;
  stop) stop ;;
  *) die "usage: scripts/redis.sh [binary|start|stop]" ;;
esac
