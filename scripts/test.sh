#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Debian's chromium for the browser tests,
# CJK fonts so Chinese renders in screenshots, influxdb for the history store's tests, postgresql for the
# account store's and the cluster's, redis-server for the cluster on Redis, caddy for the cluster's proxy,
# docker-compose to validate the compose files (`docker-compose config`, no Docker engine needed); those
# tests start their own influxd, PostgreSQL cluster, Redis and Caddy on free loopback ports), then the whole suite.
# Last line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v influxd >/dev/null 2>&1 || need+=(influxdb)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v caddy >/dev/null 2>&1 || need+=(caddy)
# Without its recommended Docker engine: only `docker-compose config` is run.
lean=()
command -v docker-compose >/dev/null 2>&1 || lean+=(docker-compose)
if [ ${#need[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${need[*]} ${lean[*]}"
    apt-get update -qq
    if [ ${#need[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
    if [ ${#lean[@]} -gt 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null; fi
  else
    echo "Missing ${need[*]} ${lean[*]}: run as root or install them (apt-get install ${need[*]} ${lean[*]})" >&2
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
started=$(mktemp) # dumps newer than this are this run's
# A test that hangs fails after 5 minutes (named in the log) instead of stalling CI, and the test host is dumped
# so that the stacks of its threads and async chains in project code can be printed (hang_report).
dotnet test Dashboard.sln --logger "console;verbosity=normal" --blame-hang-timeout 5m --blame-hang-dump-type full 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

hang_report() {
  local dumps tools
  dumps=$(find Dashboard.Tests/TestResults -name '*hangdump*.dmp' -newer "$started" 2>/dev/null)
  [ -n "$dumps" ] || return 0
  tools=$(mktemp -d)
  if ! dotnet tool install dotnet-dump --version 10.0.750501 --tool-path "$tools" >/dev/null 2>&1; then
    echo "Hang report: could not install dotnet-dump"
    return 0
  fi
  for dump in $dumps; do
    echo "== Hang report: threads and async chains in project code, from $(basename "$dump")"
    "$tools/dotnet-dump" analyze "$dump" -c "clrstack -all" -c "dumpasync" -c exit 2>&1 |
      sed -E 's/^ *([0-9A-Fa-f]{12,16} +){1,2}(\([^)]*\) +)?//' | awk -f scripts/hang-stacks.awk
    rm -f "$dump"
  done
  rm -rf "$tools"
}
hang_report

# The console logger ends with "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N" lines (those
# with a zero count may be left out).
count() { grep -E "^\s+$1: +[0-9]+\s*$" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
# The failed tests again, with the first lines of their messages, where the last lines of the output are read.
# A test's line is "  Failed Namespace.Class.Method(args) [time]" (printed once as it fails and once more at the
# end); a log line such as "Failed to …" is not one.
failed_line='^  Failed [A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_.]+.*\[[^]]+\][[:space:]]*$'
failures() {
  grep -nE "$failed_line" "$log" | awk -F: '!seen[$2]++ { print $1 }' | head -n 20 | while read -r line; do
    sed -n "${line},$((line + 6))p" "$log"
  done
}
if grep -qE "$failed_line" "$log"; then
  echo "== Failed tests"
  failures
fi
summary=$(grep -E '^Total tests: +[0-9]+' "$log" | tail -n 1)
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$log" "$started"
if [ -z "$summary" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "${skipped:-0}" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
