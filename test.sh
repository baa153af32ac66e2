#!/usr/bin/env bash
# Builds the solution and runs every test project; ends with one line: "N passed, N failed, N skipped".
# Later issues add here what their tests need (PostgreSQL, Chromium, …), installed from Debian's packages.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Database tests start their own throwaway PostgreSQL cluster (initdb in a temp dir) and use sqlite3 for
# comparisons; the order form script's tests (webresources/) need node + npm (Node's test runner) and Debian's
# chromium (one headless test driven by playwright-core). Install Debian's packages for what is missing; no
# server is started here.
have_postgres() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; }
missing=()
have_postgres || missing+=(postgresql)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing from Debian's packages: $sudo apt-get update && $sudo apt-get install -y --no-install-recommends ${missing[*]}"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || echo "could not install ${missing[*]}: the tests that need them will fail"
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

if ! dotnet build Connector.sln -c Release --nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The deployment guide's publish (deploy/README.md): self-contained, one folder, once per run; the published-output test
# starts it from CONNECTOR_PUBLISHED (without the variable that test publishes by itself).
published="$PWD/out/publish/linux-x64"
echo "== dotnet publish (self-contained, linux-x64) to out/publish/linux-x64"
if dotnet publish src/Connector.Worker -c Release -r linux-x64 --self-contained -o "$published" --nologo -v quiet; then
  export CONNECTOR_PUBLISHED="$published"
else
  echo "dotnet publish failed: the published-output test publishes by itself and will report why"
fi

# The habits the build cannot see (whitespace, ordering, 'this.', naming fixes) are kept by dotnet format: a change it would
# make fails the run, named file by file.
status=0
echo "== dotnet format --verify-no-changes"
if ! dotnet format Connector.sln --verify-no-changes --no-restore 2>&1 | tail -20; then
  echo "dotnet format: the files above are not formatted; run 'dotnet format Connector.sln'"
  status=1; failed_format=1
fi

for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal"; then
    status=1
  fi
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  e=$(sed -E 's/.* error="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + total - p - f - e))
done

# The order form script: Node's test runner (TAP) against a fake Xrm, then the headless Chromium harness test.
# Counts come from the runner's "# pass N" / "# fail N" summary; a run without a summary (npm ci or node failed
# to start) counts as one failure, so a broken setup can never pass silently.
node_suite() { # name, test files…
  local name=$1; shift
  local log="$results/$name.tap"
  echo "== webresources: $name"
  (cd webresources && node --test --test-reporter=tap "$@") >"$log" 2>&1
  local rc=$?
  grep -E '^(not )?ok |^# (pass|fail|cancelled|skipped|todo) ' "$log"
  local p f c s t
  p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -1)
  f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -1)
  c=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$log" | tail -1)
  s=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$log" | tail -1)
  t=$(sed -nE 's/^# todo ([0-9]+)$/\1/p' "$log" | tail -1)
  if [ -z "$p" ] || [ -z "$f" ]; then
    tail -20 "$log"
    echo "$name: no test summary (node exit $rc)"
    failed=$((failed + 1)); status=1; return
  fi
  passed=$((passed + p)); failed=$((failed + f + ${c:-0})); skipped=$((skipped + ${s:-0} + ${t:-0}))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "${c:-0}" -ne 0 ]; then status=1; fi
}
if (cd webresources && npm ci --no-audit --no-fund --loglevel=error); then
  node_suite node tests/
  node_suite chromium tests/harness.browser.js
else
  echo "npm ci failed in webresources/"
  failed=$((failed + 2)); status=1
fi

failed=$((failed + ${failed_format:-0}))
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
