#!/usr/bin/env bash
# Installs what is missing, builds the solution and runs every test project;
# prints one closing line "N passed, N failed, N skipped".
# Needs the .NET 10 SDK. SQLite ships inside Microsoft.Data.Sqlite and the dashboard's components in MudBlazor (NuGet);
# the browser tests drive Debian's Chromium and the scale-out tests Debian's redis-server, installed here if missing (Kafka is librdkafka's mock cluster, inside the tests).
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  local runner=()
  [ "$(id -u)" = 0 ] || runner=(sudo)
  "${runner[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/chromium ] || apt_install chromium
# The scale-out tests start their own Redis on a free port.
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || apt_install redis-server
# compose.yaml is validated by docker-compose (no container engine runs here).
command -v docker-compose >/dev/null || apt_install docker-compose
# The PostgreSQL store tests start a real server (initdb + postgres) from the Debian package.
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || apt_install postgresql
# The syslog tests send with util-linux's logger and forward through a real rsyslog.
command -v logger >/dev/null || apt_install bsdutils
[ -x /usr/sbin/rsyslogd ] || apt_install rsyslog

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
configuration="${CONFIGURATION:-Release}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build Orleans.sln -c "$configuration" -nologo -clp:ErrorsOnly
status=0
dotnet test Orleans.sln -c "$configuration" --no-build -nologo 2>&1 | tee "$log" || status=$?

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 9, Skipped: 0, Total: 9").
awk '/(Passed|Failed)! +- +Failed:/ {
        gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
        projects++
     }
     END { if (projects == 0) { print "no test results found"; exit 1 } printf "%d passed, %d failed, %d skipped\n", p, f, s; if (f > 0) exit 1 }' "$log" || status=1
exit "$status"
