# shellcheck shell=bash
# The test bed's simplestreams image server: the busybox test image as an image server lays it out
# (scripts/lib/simplestreams-tree.mjs), served over HTTPS on 127.0.0.1 with a self-signed certificate
# (scripts/lib/imageserver.mjs). Sourced by scripts/testbed.sh after scripts/lib/common.sh.
#
# The server is machine-wide like the daemons: its pid is recorded in $STATE_DIR/imageserver.pid
# (pid and start time, as for an owned daemon) and its certificate lives in $STATE_DIR, so every
# checkout sharing the state pins the same certificate. Each checkout builds its own tree; the
# builds are reproducible, so whichever checkout's tree is served, it is the same bytes.
#
# The tree is served under a path named after its content (https://127.0.0.1:8445/<id>/): LXD and
# Incus keep a server's index.json and images.json for an hour per URL, so a rebuilt tree at the
# same URL would meet their old index (hash mismatches, missing files) until it expired.

IMAGESERVER_PORT=8445
IMAGESERVER_ROOT=$TESTBED_DIR/imageserver
IMAGESERVER_CERT=$STATE_DIR/imageserver.crt
IMAGESERVER_KEY=$STATE_DIR/imageserver.key
# Set by build_imageserver_tree.
IMAGESERVER_URL=
IMAGESERVER_TREE=

ensure_imageserver_cert() {
  [[ -s $IMAGESERVER_CERT && -s $IMAGESERVER_KEY ]] && return 0
  log "image server: generating its self-signed certificate ($IMAGESERVER_CERT)"
  # LXD and Incus check the name against the first DNS name when one is present, else the URL's
  # host: both are in the certificate.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -days 3650 \
    -subj /CN=lxdx-imageserver -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$IMAGESERVER_KEY.new" -out "$IMAGESERVER_CERT.new" 2>"$LOG_DIR/imageserver-cert.log" ||
    die "openssl could not make the image server's certificate (log: $LOG_DIR/imageserver-cert.log)"
  mv "$IMAGESERVER_KEY.new" "$IMAGESERVER_KEY"
  mv "$IMAGESERVER_CERT.new" "$IMAGESERVER_CERT"
}

# The busybox release (1.35 for BusyBox v1.35.0) names the products.
# busybox's whole banner is read first: `busybox | head -1` under pipefail fails at random when
# head closes the pipe before busybox has written the rest (SIGPIPE, exit 141), and set -e then
# ends the test bed without a word.
busybox_release() {
  local banner
  banner=$(/bin/busybox 2>/dev/null || true)
  banner=${banner%%$'\n'*}
  [[ $banner =~ v([0-9]+\.[0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# Rebuilt only when the test image or the builder changes; swapped in whole, so a running server
# never serves half a tree.
build_imageserver_tree() {
  local builder=$LXDX_ROOT/scripts/lib/simplestreams-tree.mjs image=$TESTBED_DIR/image stamp release id
  release=$(busybox_release)
  [[ -n $release ]] || die "image server: cannot read the busybox version of /bin/busybox"
  stamp="v2 $release $(cat "$image/metadata.tar.gz" "$image/rootfs.tar.gz" "$builder" | sha256sum | cut -d' ' -f1)"
  id=$(printf '%s' "$stamp" | sha256sum | cut -c1-12)
  IMAGESERVER_URL=https://127.0.0.1:$IMAGESERVER_PORT/$id
  IMAGESERVER_TREE=$IMAGESERVER_ROOT/$id
  [[ -f $IMAGESERVER_ROOT/.stamp && "$(cat "$IMAGESERVER_ROOT/.stamp")" == "$stamp" ]] && return 0
  log "image server: building the simplestreams tree (busybox/$release) in $IMAGESERVER_TREE"
  rm -rf "$IMAGESERVER_ROOT.new"
  node "$builder" --image "$image" --out "$IMAGESERVER_ROOT.new/$id" --release "$release" --epoch "$(stat -c %Y /bin/busybox)" ||
    die "image server: building the tree failed"
  echo "$stamp" >"$IMAGESERVER_ROOT.new/.stamp"
  rm -rf "$IMAGESERVER_ROOT.old"
  [[ ! -e $IMAGESERVER_ROOT ]] || mv "$IMAGESERVER_ROOT" "$IMAGESERVER_ROOT.old"
  mv "$IMAGESERVER_ROOT.new" "$IMAGESERVER_ROOT"
  rm -rf "$IMAGESERVER_ROOT.old"
}

# True when the server on the port presents our certificate and serves this checkout's catalogue.
imageserver_serves_ours() {
  curl -sf --max-time 5 --cacert "$IMAGESERVER_CERT" "$IMAGESERVER_URL/streams/v1/images.json" 2>/dev/null |
    cmp -s - "$IMAGESERVER_TREE/streams/v1/images.json"
}

port_pid() { { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' || true; } | awk -F= 'NR == 1 { print $2 }'; }

ensure_imageserver() {
  local pid i
  ensure_imageserver_cert
  build_imageserver_tree
  if imageserver_serves_ours; then
    log "image server: running on $IMAGESERVER_URL (pid $(owned_pid imageserver || echo '?'))"
    return 0
  fi
  # Ours but serving another tree (a checkout that was removed, an older image): start it anew.
  if pid=$(owned_pid imageserver); then
    log "image server: restarting (pid $pid does not answer with this checkout's tree)"
    kill -TERM "$pid"
    for ((i = 0; i < 50; i++)); do [[ -d /proc/$pid ]] || break; sleep 0.1; done
  fi
  rm -f "$STATE_DIR/imageserver.pid"
  pid=$(port_pid "$IMAGESERVER_PORT")
  [[ -z $pid ]] || die "image server: 127.0.0.1:$IMAGESERVER_PORT is taken by pid $pid, which the test bed did not start"
  log "image server: starting on $IMAGESERVER_URL, log $LOG_DIR/imageserver.log"
  setsid nohup node "$LXDX_ROOT/scripts/lib/imageserver.mjs" --root "$IMAGESERVER_ROOT" --port "$IMAGESERVER_PORT" \
    --cert "$IMAGESERVER_CERT" --key "$IMAGESERVER_KEY" </dev/null >>"$LOG_DIR/imageserver.log" 2>&1 9>&- &
  pid=$!
  echo "$pid $(proc_starttime "$pid")" >"$STATE_DIR/imageserver.pid"
  for ((i = 0; i < 100; i++)); do
    imageserver_serves_ours && { log "image server: ready (pid $pid)"; return 0; }
    [[ -d /proc/$pid ]] || break
    sleep 0.1
  done
  tail -20 "$LOG_DIR/imageserver.log" >&2 || true
  die "image server: it did not come up on $IMAGESERVER_URL"
}
