#!/usr/bin/env bash
# Builds the solution and runs every test project; prints one closing line "N passed, N failed, N skipped".
# Nothing to install beyond the .NET SDK: SQLite ships inside Microsoft.Data.Sqlite.
set -euo pipefail
cd "$(dirname "$0")"

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
