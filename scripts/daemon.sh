#!/usr/bin/env bash
# scripts/daemon.sh {start|stop|kill|restart|status} {lxd|incus}
#
# Starts, stops or restarts a daemon that the test bed owns (see scripts/testbed.sh). A daemon
# the test bed did not start is never stopped. Stopping sends SIGTERM to the daemon process:
# LXD and Incus then exit and leave running instances running (their `[lxc monitor]`
# processes carry on), and a later start picks them up again. `kill` sends SIGKILL instead (a
# crash, for fault tests) and records the daemon as stopped the same way, so `start` brings it
# back. Waits until the socket is gone, or answers again.
set -euo pipefail
export LOG_TAG=daemon
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() { echo "usage: $0 {start|stop|kill|restart|status} {lxd|incus}" >&2; exit 2; }
(($# == 2)) || usage
action=$1 d=$2
[[ $d == lxd || $d == incus ]] || usage

status() {
  local sock pid
  if pid=$(owned_pid "$d"); then
    echo "$d: running, owned by the test bed (pid $pid, socket $(own_socket "$d"))"
  elif [[ -f $STATE_DIR/$d.stopped ]]; then
    echo "$d: stopped by the test bed (socket $(own_socket "$d"))"
    return 3
  elif sock=$(find_live_socket "$d"); then
    echo "$d: running, not owned by the test bed (socket $sock)"
  elif [[ -n $sock ]]; then
    echo "$d: listening on $sock but not answering"
    return 4
  else
    echo "$d: not running"
    return 3
  fi
}

# Only a daemon that was ours before it was stopped may be started again here.
start() {
  if owned_pid "$d" >/dev/null; then
    log "$d already running (owned)"
    return 0
  fi
  [[ -f $STATE_DIR/$d.stopped ]] || die "$d was not stopped by the test bed: run scripts/testbed.sh instead"
  start_daemon "$d"
  rm -f "$STATE_DIR/$d.stopped"
}

stop() {
  stop_daemon "$d"
  touch "$STATE_DIR/$d.stopped"
}

kill9() {
  kill_daemon "$d"
  touch "$STATE_DIR/$d.stopped"
}

case $action in
  status) status ;;
  start) with_testbed_lock; start ;;
  stop) with_testbed_lock; stop ;;
  kill) with_testbed_lock; kill9 ;;
  restart) with_testbed_lock; stop; start ;;
  *) usage ;;
esac
