# shellcheck shell=bash disable=SC2034
# Shared by scripts/testbed.sh, scripts/daemon.sh and scripts/run.sh. Source it, don't run it.
#
# The daemons are machine-wide, so everything that starts, stops or configures them runs under
# one machine-wide lock (see with_testbed_lock). Which daemons the test bed started itself is
# recorded in $STATE_DIR/<daemon>.pid as "<pid> <start time in clock ticks>", so a recycled pid
# is never mistaken for ours.

LXDX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TESTBED_DIR=${LXDX_TESTBED_DIR:-$LXDX_ROOT/.testbed}
STATE_DIR=$TESTBED_DIR/state
LOG_DIR=$TESTBED_DIR/logs
ENV_FILE=$TESTBED_DIR/env
LOCK_FILE=/tmp/lxdx-testbed.lock

LXDX_PROJECT=lxdx-test
LXDX_IMAGE=lxdx-busybox
CODE_SERVER_VERSION=4.100.3

# Outgoing HTTP(S) of the daemons and of code-server goes to this closed loopback port, so a
# background fetch (LXD/Incus refresh their instance types from images.linuxcontainers.org at
# start-up) fails at once instead of asking the resolver and leaving the machine.
DEAD_PROXY=http://127.0.0.1:9
NO_PROXY_LIST=127.0.0.1,localhost,::1

log() { printf '[%s] %s\n' "${LOG_TAG:-testbed}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

with_testbed_lock() {
  exec 9>"$LOCK_FILE"
  if ! flock -w 900 9; then die "another test bed run holds $LOCK_FILE"; fi
}

# --- daemons ---------------------------------------------------------------------------------


# The socket a daemon started by the test bed listens on (Debian packages).
own_socket() { case $1 in lxd) echo /var/lib/lxd/unix.socket ;; incus) echo /var/lib/incus/unix.socket ;; esac; }

daemon_binary() {
  case $1 in
    lxd) command -v lxd || echo /usr/bin/lxd ;;
    incus) echo /usr/libexec/incus/incusd ;;
  esac
}

# Sockets to try, most explicit first: an override, a snap LXD, the Debian package's.
socket_candidates() {
  case $1 in
    lxd) printf '%s\n' "${LXD_SOCKET:-}" /var/snap/lxd/common/lxd/unix.socket /var/lib/lxd/unix.socket ;;
    incus) printf '%s\n' "${INCUS_SOCKET:-}" /var/lib/incus/unix.socket ;;
  esac
}

socket_answers() {
  [[ -S $1 ]] || return 1
  curl -sf --max-time 5 --unix-socket "$1" http://lxdx/1.0 2>/dev/null | grep -q '"status_code":200'
}

# Prints the first socket a daemon listens on. A daemon that listens but is slow to answer
# (a loaded machine, or still starting) is waited for, never mistaken for a missing one:
# returns 2 (and prints the socket) when one listens but has not answered for 2 minutes,
# 1 when no daemon listens at all.
find_live_socket() {
  local sock i
  while read -r sock; do
    [[ -n $sock && -S $sock ]] || continue
    for ((i = 0; i < 12; i++)); do
      socket_answers "$sock" && { echo "$sock"; return 0; }
      [[ -n $(socket_pid "$sock") ]] || break
      sleep 5
    done
    [[ -z $(socket_pid "$sock") ]] || { echo "$sock"; return 2; }
  done < <(socket_candidates "$1")
  return 1
}

proc_starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

# Prints the pid of the daemon the test bed started, if it is still that process.
owned_pid() {
  local file=$STATE_DIR/$1.pid pid start
  [[ -f $file ]] || return 1
  read -r pid start <"$file" || return 1
  [[ -n $pid && -d /proc/$pid && "$(proc_starttime "$pid")" == "$start" ]] || return 1
  echo "$pid"
}

# The pid of the process listening on a unix socket.
socket_pid() {
  ss -xlpnH 2>/dev/null | awk -v s="$1" '$5 == s' | grep -o 'pid=[0-9]*' | awk -F= 'NR == 1 { print $2 }'
}

# A daemon still counts as ours when the state file was lost (rm -rf .testbed) but the process
# was started with our log file.
adopt_if_ours() {
  local d=$1 sock=$2 pid
  pid=$(socket_pid "$sock") || return 1
  [[ -n $pid ]] || return 1
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--logfile=$LOG_DIR/$d.log"; then
    mkdir -p "$STATE_DIR"
    echo "$pid $(proc_starttime "$pid")" >"$STATE_DIR/$d.pid"
    return 0
  fi
  return 1
}

is_owned() {
  local pid sock
  pid=$(owned_pid "$1") || return 1
  sock=$(own_socket "$1")
  [[ "$(socket_pid "$sock")" == "$pid" ]]
}

# Runs the CLI against one daemon's socket, with a client config of our own.
dcli() {
  local d=$1 sock=$2; shift 2
  case $d in
    lxd) LXD_SOCKET=$sock LXD_CONF=$STATE_DIR/lxc-conf lxc "$@" ;;
    incus) INCUS_SOCKET=$sock INCUS_CONF=$STATE_DIR/incus-conf incus "$@" ;;
  esac
}

wait_ready() {
  local d=$1 sock=$2 timeout=${3:-120}
  case $d in
    lxd) LXD_SOCKET=$sock LXD_DIR=$(dirname "$sock") lxd waitready --timeout="$timeout" ;;
    incus) INCUS_SOCKET=$sock incus admin waitready --timeout="$timeout" ;;
  esac
}

# Closes every descriptor above 2 of the (sub)shell it runs in.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    ((fd > 2)) && eval "exec $fd>&-"
  done
  return 0
}

start_daemon() {
  local d=$1 sock bin pid
  sock=$(own_socket "$d")
  bin=$(daemon_binary "$d")
  [[ -x $bin ]] || die "$bin is missing: run scripts/testbed.sh"
  [[ -z $(socket_pid "$sock") ]] || die "a $d daemon already listens on $sock"
  mkdir -p "$LOG_DIR" "$STATE_DIR"
  log "starting $d ($bin), log $LOG_DIR/$d.log"
  # Not a process-group leader, so setsid makes the daemon its own session in place and $!
  # (the subshell, which execs it) is the daemon's pid. The daemon outlives this script, so it
  # keeps none of the descriptors this script was handed: not fd 9 (the test bed lock), nor
  # the lock of an enclosing `flock /tmp/lxdx-daemon-faults.lock bash scripts/daemon.sh …`,
  # which flock(1) passes on and the daemon would then hold until it exits, stalling every
  # other fault test.
  (
    close_inherited_fds
    HTTPS_PROXY=$DEAD_PROXY https_proxy=$DEAD_PROXY HTTP_PROXY=$DEAD_PROXY http_proxy=$DEAD_PROXY \
      NO_PROXY=$NO_PROXY_LIST no_proxy=$NO_PROXY_LIST \
      exec setsid nohup "$bin" --group root --logfile="$LOG_DIR/$d.log"
  ) </dev/null >>"$LOG_DIR/$d.out" 2>&1 &
  pid=$!
  echo "$pid $(proc_starttime "$pid")" >"$STATE_DIR/$d.pid"
  if ! wait_ready "$d" "$sock" 120; then
    tail -20 "$LOG_DIR/$d.out" "$LOG_DIR/$d.log" >&2 || true
    die "$d did not become ready"
  fi
  [[ "$(socket_pid "$sock")" == "$pid" ]] || die "$d answers, but not from the pid we started ($pid)"
  log "$d ready (pid $pid)"
}

# Owned daemons serve Go's pprof here (core.debug_address), so a hung one can tell why.
debug_address() { case $1 in lxd) echo 127.0.0.1:8450 ;; incus) echo 127.0.0.1:8451 ;; esac; }

# Saves the goroutine stacks of an owned daemon into the log folder; prints the file.
dump_goroutines() {
  local d=$1 file
  file=$LOG_DIR/$d-goroutines-$(date +%Y%m%dT%H%M%S).txt
  if curl -sf --max-time 10 "http://$(debug_address "$d")/debug/pprof/goroutine?debug=2" >"$file"; then
    echo "$file"
  else
    rm -f "$file"
  fi
}

# SIGTERM makes LXD and Incus exit without touching instances (SIGPWR or `lxd shutdown` would
# stop them first).
stop_daemon() {
  local d=$1 pid sock i
  pid=$(owned_pid "$d") || die "$d was not started by the test bed: refusing to stop it"
  sock=$(own_socket "$d")
  if ! socket_answers "$sock"; then
    log "$d does not answer; goroutine stacks: $(dump_goroutines "$d" || echo none)"
  fi
  log "stopping $d (pid $pid) with SIGTERM"
  kill -TERM "$pid"
  for ((i = 0; i < 600; i++)); do
    if [[ ! -d /proc/$pid ]] && ! socket_answers "$sock"; then
      rm -f "$STATE_DIR/$d.pid"
      log "$d stopped"
      return 0
    fi
    sleep 0.1
  done
  die "$d (pid $pid) did not exit within 60 s"
}

# SIGKILL, as a crash or the OOM killer would end it: no shutdown at all. Instances keep running
# (their monitors are separate processes) and a later start picks them up; the socket file stays
# behind, unanswered, until then.
kill_daemon() {
  local d=$1 pid i
  pid=$(owned_pid "$d") || die "$d was not started by the test bed: refusing to kill it"
  log "killing $d (pid $pid) with SIGKILL"
  kill -KILL "$pid"
  for ((i = 0; i < 600; i++)); do
    if [[ ! -d /proc/$pid ]]; then
      rm -f "$STATE_DIR/$d.pid"
      log "$d killed"
      return 0
    fi
    sleep 0.1
  done
  die "$d (pid $pid) still exists 60 s after SIGKILL"
}

# --- image -----------------------------------------------------------------------------------

image_fingerprint() { cat "$1/metadata.tar.gz" "$1/rootfs.tar.gz" | sha256sum | cut -d' ' -f1; }

# Makes sure `alias` points at our test image in `project`; imports it when missing.
ensure_image() {
  local d=$1 sock=$2 project=$3 alias=$4 dir=$TESTBED_DIR/image fp
  if dcli "$d" "$sock" image alias list --project "$project" --format csv | cut -d, -f1 | grep -qxF "$alias"; then
    return 0
  fi
  fp=$(image_fingerprint "$dir")
  if dcli "$d" "$sock" image info "$fp" --project "$project" >/dev/null 2>&1; then
    log "$d: alias $alias -> ${fp:0:12} in project $project"
    dcli "$d" "$sock" image alias create "$alias" "$fp" --project "$project"
  else
    log "$d: importing the test image as $alias into project $project"
    dcli "$d" "$sock" image import "$dir/metadata.tar.gz" "$dir/rootfs.tar.gz" \
      --alias "$alias" --project "$project" >/dev/null
  fi
}

# --- env file --------------------------------------------------------------------------------

load_env() {
  [[ -f $ENV_FILE ]] || die "$ENV_FILE is missing: run scripts/testbed.sh"
  # shellcheck disable=SC1090
  source "$ENV_FILE"
}
