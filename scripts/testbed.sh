#!/usr/bin/env bash
# Sets up everything the tests need on Debian 12 as root, and on a re-run does only what is
# missing: Debian packages, the LXD and Incus daemons, the lxdx-test project with its pool,
# profile and test image, HTTPS on loopback, a single-member cluster on the owned Incus, a
# simplestreams image server on loopback, code-server, and the env file .testbed/env.
#
# A daemon that already answers on its socket (a snap LXD, or one started by hand) is used as
# it is: the test bed then touches only the lxdx-test project and lxdx- prefixed names on it.
# Daemons the test bed starts itself are recorded in .testbed/state/ as owned; only those may
# be stopped or restarted by tests (scripts/daemon.sh).
set -euo pipefail
export LOG_TAG=testbed
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=scripts/lib/imageserver.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/imageserver.sh"

APT_PACKAGES=(
  lxd lxd-client busybox-static chromium fonts-liberation ripgrep curl ca-certificates
  iproute2 procps util-linux tar gzip xz-utils openssl
  build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
)
BACKPORTS_PACKAGES=(incus incus-client)
BACKPORTS_FILE=/etc/apt/sources.list.d/lxdx-bookworm-backports.sources
RIPGREP_VSCODE_VERSION=1.15.11 # the @vscode/ripgrep that code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
CODE_SERVER_DIR=$TESTBED_DIR/code-server
CODE_SERVER_BIN=$CODE_SERVER_DIR/node_modules/.bin/code-server

[[ $(id -u) == 0 ]] || die "run as root (the daemons and apt need it)"

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

has_backports_suite() {
  grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  local incus_ok=1
  for p in "${BACKPORTS_PACKAGES[@]}"; do
    pkg_installed "$p" && [[ $(pkg_version "$p") == 6.0.* ]] || incus_ok=0
  done
  if ((${#missing[@]} == 0 && incus_ok)); then
    log "apt: everything is installed"
    return 0
  fi
  if ! has_backports_suite; then
    log "apt: adding the bookworm-backports suite ($BACKPORTS_FILE)"
    cat >"$BACKPORTS_FILE" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Without systemd, a package's maintainer script could still start its daemon through
  # invoke-rc.d; the daemons are ours to start, so deny that for the duration of the install.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local backports=()
  ((incus_ok)) || backports=("${BACKPORTS_PACKAGES[@]}")
  log "apt: installing ${missing[*]} ${backports[*]/%/ (bookworm-backports)}"
  local rc=0
  {
    apt-get update -q &&
      { ((${#missing[@]} == 0)) || apt-get install -y -q "${missing[@]}"; } &&
      { ((${#backports[@]} == 0)) || apt-get install -y -q -t bookworm-backports "${backports[@]}"; }
  } >"$LOG_DIR/apt.log" 2>&1 || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  if ((rc != 0)); then
    tail -30 "$LOG_DIR/apt.log" >&2
    die "apt-get failed (full log: $LOG_DIR/apt.log)"
  fi
  log "apt: done"
}

# --- daemons ---------------------------------------------------------------------------------

# Sets <D>_SOCKET and <D>_OWNED for daemon $1, starting it when nothing answers.
ensure_daemon() {
  local d=$1 sock owned=0 found=0
  sock=$(find_live_socket "$d") || found=$?
  if ((found == 2)); then
    is_owned "$d" && log "$d goroutine stacks: $(dump_goroutines "$d" || echo none)"
    die "$d listens on $sock but has not answered for 2 minutes (hung? if it is ours: bash scripts/daemon.sh restart $d)"
  fi
  if ((found == 0)); then
    if [[ $sock == "$(own_socket "$d")" ]] && { is_owned "$d" || adopt_if_ours "$d" "$sock"; }; then
      owned=1
      log "$d: running, started by the test bed (pid $(owned_pid "$d"))"
    else
      rm -f "$STATE_DIR/$d.pid"
      log "$d: using the daemon already running on $sock (not ours: only lxdx- names are touched)"
    fi
  else
    rm -f "$STATE_DIR/$d.pid"
    start_daemon "$d"
    sock=$(own_socket "$d")
    owned=1
  fi
  rm -f "$STATE_DIR/$d.stopped"
  # The first call with a new client config prints a "first container" hint: say it here, quietly.
  dcli "$d" "$sock" version >/dev/null 2>&1 || true
  printf -v "${d^^}_SOCKET" '%s' "$sock"
  printf -v "${d^^}_OWNED" '%s' "$owned"
}

# Pools as "name,driver" lines.
pools() { dcli "$1" "$2" storage list --format csv | cut -d, -f1,2; }

profile_devices() { dcli "$1" "$2" profile device list "$3" --project "$4"; }

has_device() { profile_devices "$1" "$2" "$3" "$4" | grep -qxF "$5"; }

# Only on a daemon the test bed owns: a fresh one gets a dir pool `default` and a root disk
# in the default profile of the default project.
init_owned_daemon() {
  local d=$1 sock=$2
  if [[ -z $(pools "$d" "$sock") ]]; then
    log "$d: fresh daemon: creating the dir pool default"
    dcli "$d" "$sock" storage create default dir >/dev/null
  fi
  if ! has_device "$d" "$sock" default default root && pools "$d" "$sock" | grep -qx 'default,dir'; then
    log "$d: root disk in the default profile"
    dcli "$d" "$sock" profile device add default root disk path=/ pool=default >/dev/null
  fi
}

# Prints the pool for the root disk of the lxdx-test project: the fresh `default` pool on a
# daemon we own, else a dir pool of our own.
project_pool() {
  local d=$1 sock=$2 owned=$3
  if ((owned)) && pools "$d" "$sock" | grep -qx 'default,dir'; then
    echo default
    return
  fi
  if ! pools "$d" "$sock" | grep -q '^lxdx-dir,'; then
    log "$d: creating the dir pool lxdx-dir"
    dcli "$d" "$sock" storage create lxdx-dir dir >/dev/null
  fi
  echo lxdx-dir
}

ensure_project() {
  local d=$1 sock=$2 owned=$3 pool dev
  if ! dcli "$d" "$sock" project list --format csv | cut -d, -f1 | sed 's/ (current)$//' | grep -qxF "$LXDX_PROJECT"; then
    log "$d: creating project $LXDX_PROJECT"
    dcli "$d" "$sock" project create "$LXDX_PROJECT" >/dev/null
  fi
  if ! has_device "$d" "$sock" default "$LXDX_PROJECT" root; then
    pool=$(project_pool "$d" "$sock" "$owned")
    log "$d: root disk on pool $pool in the default profile of $LXDX_PROJECT"
    dcli "$d" "$sock" profile device add default root disk path=/ pool="$pool" --project "$LXDX_PROJECT" >/dev/null
  fi
  for dev in $(profile_devices "$d" "$sock" default "$LXDX_PROJECT"); do
    if [[ $(dcli "$d" "$sock" profile device get default "$dev" type --project "$LXDX_PROJECT") == nic ]]; then
      log "$d: removing nic $dev from the default profile of $LXDX_PROJECT (test instances have no NIC)"
      dcli "$d" "$sock" profile device remove default "$dev" --project "$LXDX_PROJECT" >/dev/null
    fi
  done
}

# Owned daemons listen on loopback; on a foreign one only report what it already does.
ensure_https() {
  local d=$1 sock=$2 owned=$3 want=$4 have
  have=$(dcli "$d" "$sock" config get core.https_address)
  if ((owned)) && [[ $have != "$want" ]]; then
    log "$d: core.https_address=$want"
    dcli "$d" "$sock" config set core.https_address="$want"
    have=$want
  fi
  printf -v "${d^^}_HTTPS" '%s' "$have"
}

# Go's pprof on loopback, for the goroutine stacks of a hung daemon (dump_goroutines).
ensure_debug_address() {
  local d=$1 sock=$2 want
  want=$(debug_address "$d")
  if [[ $(dcli "$d" "$sock" config get core.debug_address) != "$want" ]]; then
    log "$d: core.debug_address=$want"
    dcli "$d" "$sock" config set core.debug_address="$want"
  fi
}

# One owned daemon is a single-member cluster from set-up on, so every suite runs against one
# clustered and one standalone server. `cluster enable` keeps core.https_address (loopback) as
# the cluster address. On a foreign daemon only report what it is.
CLUSTERED_DAEMON=incus
CLUSTER_MEMBER=lxdx-node1

# The member name when the daemon is clustered, else nothing.
cluster_member() {
  curl -sf --unix-socket "$1" http://lxdx/1.0 |
    node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const e=JSON.parse(s).metadata.environment;process.stdout.write(e.server_clustered?e.server_name:"")})'
}

ensure_cluster() {
  local d=$1 sock=$2 owned=$3 member address
  member=$(cluster_member "$sock")
  if ((owned)) && [[ $d == "$CLUSTERED_DAEMON" && -z $member ]]; then
    log "$d: enabling clustering as the single member $CLUSTER_MEMBER"
    dcli "$d" "$sock" cluster enable "$CLUSTER_MEMBER" >/dev/null
    member=$(cluster_member "$sock")
    [[ $member == "$CLUSTER_MEMBER" ]] || die "$d: clustering did not come up (member \"$member\")"
  fi
  if [[ -n $member ]]; then
    address=$(dcli "$d" "$sock" config get cluster.https_address)
    ((!owned)) || [[ $address == 127.0.0.1:* ]] || die "$d: the cluster address $address is not on loopback"
  fi
  printf -v "${d^^}_CLUSTER_MEMBER" '%s' "$member"
}

# The server certificate, for tests that pin it over HTTPS.
save_server_cert() {
  local d=$1 sock=$2
  curl -sf --unix-socket "$sock" http://lxdx/1.0 |
    node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>process.stdout.write(JSON.parse(s).metadata.environment.certificate))' \
      >"$STATE_DIR/$d-server.crt"
}

# --- test image ------------------------------------------------------------------------------

build_image() {
  local dir=$TESTBED_DIR/image busybox=/bin/busybox stamp epoch tmp rootfs applet
  stamp="v1 $(sha256sum "$busybox" | cut -d' ' -f1)"
  if [[ -f $dir/rootfs.tar.gz && -f $dir/metadata.tar.gz && "$(cat "$dir/.stamp" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  log "image: building from $busybox"
  # The busybox binary's mtime makes the tarballs, and so the fingerprint, reproducible.
  epoch=$(stat -c %Y "$busybox")
  tmp=$(mktemp -d)
  rootfs=$tmp/rootfs
  mkdir -p "$rootfs"/{bin,sbin,etc,tmp,root,proc,sys,dev,run,var}
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf '#!/bin/sh\nwhile :; do sleep 3600; done\n' >"$rootfs/sbin/init"
  chmod 755 "$rootfs/sbin/init"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$rootfs/etc/group"
  cat >"$tmp/metadata.yaml" <<EOF
architecture: x86_64
creation_date: $epoch
properties:
  os: busybox
  description: busybox test image
EOF
  local tarflags=(--sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner)
  mkdir -p "$dir"
  tar "${tarflags[@]}" -C "$rootfs" -cf - . | gzip -n >"$dir/rootfs.tar.gz"
  touch -d "@$epoch" "$tmp/metadata.yaml"
  tar "${tarflags[@]}" -C "$tmp" -cf - metadata.yaml | gzip -n >"$dir/metadata.tar.gz"
  rm -rf "$tmp"
  echo "$stamp" >"$dir/.stamp"
}

# --- code-server -----------------------------------------------------------------------------

code_server_ok() {
  local pkg=$CODE_SERVER_DIR/node_modules/code-server
  [[ -x $CODE_SERVER_BIN && -f $pkg/lib/vscode/node_modules/node-pty/build/Release/pty.node ]] &&
    [[ $(node -p "require('$pkg/package.json').version" 2>/dev/null) == "$CODE_SERVER_VERSION" ]]
}

ensure_code_server() {
  if code_server_ok; then
    log "code-server $CODE_SERVER_VERSION: installed"
    return 0
  fi
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
  # release asset; a tarball with Debian's rg in it stands in for that download.
  local cache
  cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_VSCODE_VERSION"
  if [[ ! -s $cache/$RIPGREP_ASSET ]]; then
    mkdir -p "$cache"
    tar -C /usr/bin -czf "$cache/$RIPGREP_ASSET" rg
  fi
  mkdir -p "$CODE_SERVER_DIR"
  # npm 11 runs dependency install scripts only where allowScripts allows them; npm 10 runs all.
  cat >"$CODE_SERVER_DIR/package.json" <<EOF
{
  "name": "lxdx-code-server",
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  log "code-server $CODE_SERVER_VERSION: installing into $CODE_SERVER_DIR (about a minute)"
  if ! (cd "$CODE_SERVER_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund >"$LOG_DIR/code-server-install.log" 2>&1); then
    tail -30 "$LOG_DIR/code-server-install.log" >&2
    die "npm install code-server failed (log: $LOG_DIR/code-server-install.log)"
  fi
  code_server_ok || die "code-server installed but its native modules are missing (were its install scripts blocked? log: $LOG_DIR/code-server-install.log)"
}

# --- env file --------------------------------------------------------------------------------

write_env() {
  local owned=() tmp
  ((LXD_OWNED)) && owned+=(lxd)
  ((INCUS_OWNED)) && owned+=(incus)
  tmp=$(mktemp "$TESTBED_DIR/env.XXXXXX")
  cat >"$tmp" <<EOF
# Written by scripts/testbed.sh: source it, or read the KEY="value" lines.
export LXDX_ROOT="$LXDX_ROOT"
export LXDX_TESTBED_DIR="$TESTBED_DIR"
export LXDX_LXD_SOCKET="$LXD_SOCKET"
export LXDX_INCUS_SOCKET="$INCUS_SOCKET"
export LXDX_LXD_HTTPS="$LXD_HTTPS"
export LXDX_INCUS_HTTPS="$INCUS_HTTPS"
export LXDX_LXD_DEBUG="$( ((LXD_OWNED)) && debug_address lxd)"
export LXDX_INCUS_DEBUG="$( ((INCUS_OWNED)) && debug_address incus)"
export LXDX_LXD_SERVER_CERT="$STATE_DIR/lxd-server.crt"
export LXDX_INCUS_SERVER_CERT="$STATE_DIR/incus-server.crt"
export LXDX_LXD_VERSION="$LXD_VERSION"
export LXDX_INCUS_VERSION="$INCUS_VERSION"
export LXDX_LXD_CLUSTER_MEMBER="$LXD_CLUSTER_MEMBER"
export LXDX_INCUS_CLUSTER_MEMBER="$INCUS_CLUSTER_MEMBER"
export LXDX_LXD_POOL="$LXD_POOL"
export LXDX_INCUS_POOL="$INCUS_POOL"
export LXDX_PROJECT="$LXDX_PROJECT"
export LXDX_IMAGE="$LXDX_IMAGE"
export LXDX_IMAGE_FINGERPRINT="$(image_fingerprint "$TESTBED_DIR/image")"
export LXDX_IMAGE_DIR="$TESTBED_DIR/image"
export LXDX_IMAGESERVER_URL="$IMAGESERVER_URL"
export LXDX_IMAGESERVER_CERT="$IMAGESERVER_CERT"
export LXDX_IMAGESERVER_KEY="$IMAGESERVER_KEY"
export LXDX_IMAGESERVER_DIR="$IMAGESERVER_TREE"
export LXDX_CODE_SERVER="$CODE_SERVER_BIN"
export LXDX_CODE_SERVER_VERSION="$CODE_SERVER_VERSION"
export LXDX_CHROMIUM="$(command -v chromium)"
export LXDX_OWNED="${owned[*]}"
EOF
  mv "$tmp" "$ENV_FILE"
}

server_version() { curl -sf --unix-socket "$1" http://lxdx/1.0 | grep -o '"server_version":"[^"]*"' | cut -d'"' -f4; }

main() {
  local started=$SECONDS
  mkdir -p "$STATE_DIR" "$LOG_DIR"
  with_testbed_lock
  ensure_apt_packages
  build_image
  ensure_imageserver

  local d sock owned
  for d in lxd incus; do
    ensure_daemon "$d"
    sock=${d^^}_SOCKET
    sock=${!sock}
    owned=${d^^}_OWNED
    owned=${!owned}
    ((owned)) && init_owned_daemon "$d" "$sock"
    ensure_project "$d" "$sock" "$owned"
    printf -v "${d^^}_POOL" '%s' "$(dcli "$d" "$sock" profile device get default root pool --project "$LXDX_PROJECT")"
    ensure_image "$d" "$sock" "$LXDX_PROJECT" "$LXDX_IMAGE"
    if [[ $d == lxd ]]; then
      ensure_https "$d" "$sock" "$owned" 127.0.0.1:8443
    else
      ensure_https "$d" "$sock" "$owned" 127.0.0.1:8444
    fi
    ensure_cluster "$d" "$sock" "$owned"
    ((owned)) && ensure_debug_address "$d" "$sock"
    save_server_cert "$d" "$sock"
    printf -v "${d^^}_VERSION" '%s' "$(server_version "$sock")"
  done

  ensure_code_server
  write_env
  log "ready in $((SECONDS - started)) s: source $ENV_FILE"
}

main "$@"
