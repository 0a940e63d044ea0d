#!/usr/bin/env bash
# The product command: sets up the test bed, builds and packages the extension, installs it
# into a code-server of its own (.testbed/run/), makes sure the demo instance lxdx-demo runs
# on the local LXD, and serves VS Code on http://127.0.0.1:${PORT:-8080}/ until Ctrl-C.
set -euo pipefail
export LOG_TAG=run
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PORT=${PORT:-8080}
RUN_DIR=$TESTBED_DIR/run
DEMO=lxdx-demo

build() {
  cd "$LXDX_ROOT"
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
  log "npm run package"
  npm run --silent package >"$LOG_DIR/package.log" 2>&1 || {
    tail -30 "$LOG_DIR/package.log" >&2
    die "npm run package failed (log: $LOG_DIR/package.log)"
  }
}

code_server() {
  EXTENSIONS_GALLERY='{}' \
    HTTPS_PROXY=$DEAD_PROXY https_proxy=$DEAD_PROXY HTTP_PROXY=$DEAD_PROXY http_proxy=$DEAD_PROXY \
    NO_PROXY=$NO_PROXY_LIST no_proxy=$NO_PROXY_LIST \
    XDG_CONFIG_HOME=$RUN_DIR/config XDG_DATA_HOME=$RUN_DIR/data XDG_CACHE_HOME=$RUN_DIR/cache \
    LXDX_RUN_HOME=$RUN_DIR \
    "$LXDX_CODE_SERVER" --config "$RUN_DIR/config.yaml" \
    --user-data-dir "$RUN_DIR/user-data" --extensions-dir "$RUN_DIR/extensions" "$@"
}

install_extension() {
  log "installing lxd-explorer.vsix into $RUN_DIR/extensions"
  code_server --install-extension "$LXDX_ROOT/lxd-explorer.vsix" --force >"$LOG_DIR/install-extension.log" 2>&1 || {
    cat "$LOG_DIR/install-extension.log" >&2
    die "code-server --install-extension failed"
  }
}

# The harness's settings that keep VS Code off the network, over whatever the user set.
write_settings() {
  local file=$RUN_DIR/user-data/User/settings.json
  mkdir -p "$(dirname "$file")"
  node - "$file" "$LXDX_ROOT/test/e2e/fixtures/settings.json" <<'EOF'
const fs = require('fs');
const [file, quietFile] = process.argv.slice(2);
const quiet = JSON.parse(fs.readFileSync(quietFile, 'utf8'));
// A person's browser may have a GPU; the DOM renderer is only needed by the tests.
delete quiet['terminal.integrated.gpuAcceleration'];
let mine = {};
if (fs.existsSync(file)) {
  try {
    mine = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.error(`[run] ${file} is not plain JSON (comments?): left as it is`);
    process.exit(0);
  }
}
fs.writeFileSync(file, JSON.stringify({ ...mine, ...quiet }, null, 2) + '\n');
EOF
}

# The demo instance lives in the default project of the local LXD. On a daemon we own the
# image is imported as `busybox`; on someone else's only under our own alias.
ensure_demo() {
  local sock=$LXDX_LXD_SOCKET state alias
  state=$(dcli lxd "$sock" list --format csv -c ns | awk -F, -v n="$DEMO" '$1 == n {print $2}')
  if [[ -z $state ]]; then
    if dcli lxd "$sock" image alias list --format csv | cut -d, -f1 | grep -qx busybox; then
      alias=busybox
    elif [[ " $LXDX_OWNED " == *" lxd "* ]]; then
      alias=busybox
      ensure_image lxd "$sock" default busybox
    else
      alias=$LXDX_IMAGE
      ensure_image lxd "$sock" default "$alias"
    fi
    local args=()
    # Test instances have no NIC: on a foreign daemon whose default profile has one, or no
    # root disk, launch without profiles, on the test bed's pool.
    local devices types
    devices=$(dcli lxd "$sock" profile device list default)
    types=$(for d in $devices; do dcli lxd "$sock" profile device get default "$d" type; done)
    if ! grep -qx root <<<"$devices" || grep -qx nic <<<"$types"; then
      args=(--no-profiles --storage "$LXDX_LXD_POOL")
    fi
    log "launching $DEMO from $alias in the default project"
    dcli lxd "$sock" launch "$alias" "$DEMO" "${args[@]}" >/dev/null
  elif [[ $state != RUNNING ]]; then
    log "starting $DEMO ($state)"
    dcli lxd "$sock" start "$DEMO"
  fi
}

# Everything code-server started carries LXDX_RUN_HOME; end those processes on the way out.
stop_code_server() {
  local p
  for p in /proc/[0-9]*; do
    if grep -qzx "LXDX_RUN_HOME=$RUN_DIR" "$p/environ" 2>/dev/null; then
      kill -TERM "${p#/proc/}" 2>/dev/null || true
    fi
  done
}

main() {
  bash "$LXDX_ROOT/scripts/testbed.sh"
  load_env
  build
  mkdir -p "$RUN_DIR/workspace"
  install_extension
  write_settings
  ensure_demo
  log "starting code-server on 127.0.0.1:$PORT (log: $LOG_DIR/code-server-run.log)"
  code_server --auth none --bind-addr "127.0.0.1:$PORT" \
    --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
    "$RUN_DIR/workspace" >"$LOG_DIR/code-server-run.log" 2>&1 9>&- &
  local pid=$! i
  trap stop_code_server EXIT
  trap 'exit 130' INT TERM
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || { cat "$LOG_DIR/code-server-run.log" >&2; die "code-server exited"; }
    curl -sf --max-time 2 "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 0.1
  done
  printf '\n  LXD Explorer in VS Code: http://127.0.0.1:%s/\n  (Ctrl-C stops code-server)\n\n' "$PORT"
  wait "$pid"
}

main "$@"
