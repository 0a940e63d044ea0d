#!/usr/bin/env bash
# The test command: sets up the test bed, builds, runs every suite against the real daemons
# (unit, integration, faults: the client through a fault proxy and against daemons that die)
# and the packaged extension, prints a summary and exits non-zero if anything failed.
#
#   bash scripts/test.sh            # everything
#   SUITES="unit e2e" bash scripts/test.sh   # only some suites (the set-up and build still run)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$PWD
ARTIFACTS=$ROOT/test-artifacts
SUITES=${SUITES:-unit integration faults e2e}
mkdir -p "$ARTIFACTS"

declare -a SUMMARY=()
PASSED=0
FAILED=0
STARTED=$SECONDS
DAEMON_LOGS=$ROOT/.testbed/logs
# Where each daemon's stderr stood when the run began: a panic after that is this run's.
declare -A DAEMON_OUT_START=()
for d in lxd incus; do
  DAEMON_OUT_START[$d]=$(cat "$DAEMON_LOGS/$d.out" 2>/dev/null | wc -l)
done

say() { printf '\n=== %s ===\n' "$*"; }
record() { SUMMARY+=("$(printf '%-12s %s' "$1:" "$2")"); }

# Runs a build step; a failed step counts as one failure.
step() {
  local name=$1 started=$SECONDS log=$ARTIFACTS/$1.log
  shift
  say "$name: $*"
  if "$@" 2>&1 | tee "$log"; then
    record "$name" "ok ($((SECONDS - started)) s)"
    return 0
  fi
  record "$name" "FAILED ($((SECONDS - started)) s, log: test-artifacts/$name.log)"
  FAILED=$((FAILED + 1))
  return 1
}

wanted() { [[ " $SUITES " == *" $1 "* ]]; }

# Runs one mocha suite through its npm script and reads its counts from the spec reporter.
suite() {
  local name=$1 dir=$2 limit=$3 started=$SECONDS log=$ARTIFACTS/$1.log rc passing failing pending
  if ! wanted "$name"; then
    record "$name" "not selected (SUITES=$SUITES)"
    return 0
  fi
  if [[ -z $(find "$dir" -name '*.test.js' 2>/dev/null | head -1) ]]; then
    say "$name"
    echo "no test files: ${dir#out/}/**/*.test.ts does not exist yet"
    record "$name" "no test files yet (skipped)"
    return 0
  fi
  say "$name: npm run test:$name"
  timeout --kill-after=30 "$limit" npm run --silent "test:$name" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  passing=$(grep -oE '^ +[0-9]+ passing' "$log" | tail -1 | grep -oE '[0-9]+')
  failing=$(grep -oE '^ +[0-9]+ failing' "$log" | tail -1 | grep -oE '[0-9]+')
  pending=$(grep -oE '^ +[0-9]+ pending' "$log" | tail -1 | grep -oE '[0-9]+')
  passing=${passing:-0} failing=${failing:-0} pending=${pending:-0}
  if ((rc != 0 && failing == 0)); then
    # Crashed, timed out or failed to load: no count says so, so count it once.
    failing=1
    record "$name" "$passing passed, CRASHED (exit $rc$( ((rc == 124)) && echo ", timed out after $limit")) ($((SECONDS - started)) s)"
  else
    record "$name" "$passing passed, $failing failed$( ((pending > 0)) && echo ", $pending pending") ($((SECONDS - started)) s)"
  fi
  PASSED=$((PASSED + passing))
  FAILED=$((FAILED + failing))
}

# A daemon that crashed during the run (a Go panic on its stderr) explains a wall of failures.
daemon_crashes() {
  local d out panic
  for d in lxd incus; do
    out=$DAEMON_LOGS/$d.out
    [[ -f $out ]] || continue
    panic=$(tail -n +"$((DAEMON_OUT_START[$d] + 1))" "$out" | grep -m1 -E '^(panic|fatal error):')
    if [[ -n $panic ]]; then
      cp "$out" "$ARTIFACTS/$d.out"
      echo "daemon:      $d crashed during the run: $panic (stderr: test-artifacts/$d.out)"
    fi
  done
}

summary() {
  say "summary ($((SECONDS - STARTED)) s)"
  printf '%s\n' "${SUMMARY[@]}"
  daemon_crashes
  echo "artifacts: test-artifacts/ (suite logs, e2e screenshots and logs)"
  echo
  echo "total: $PASSED passed, $FAILED failed"
  ((FAILED == 0))
  exit $?
}

# Without the test bed and a build, no suite can run.
step testbed bash scripts/testbed.sh || summary
# shellcheck source=/dev/null
source .testbed/env
step npm-ci npm ci --no-audit --no-fund || summary
# A type error fails the run, but tsc still emits, so the suites run and report too.
step compile npm run --silent compile
# Lint before the suites (type-aware: floating and misused promises); a finding fails the run.
step lint npm run --silent lint
# Formatting is Prettier's (.prettierrc.json): a file it would change fails the run; `npm run format` fixes it.
step format npm run --silent format:check

suite unit out/test/unit 10m
suite integration out/test/integration 15m
suite faults out/test/faults 15m

if wanted e2e; then
  if step package npm run --silent package; then
    export LXDX_VSIX=$ROOT/lxd-explorer.vsix
    suite e2e out/test/e2e 15m
  else
    record e2e "not run: no .vsix to install"
  fi
fi

summary
