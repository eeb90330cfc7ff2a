#!/usr/bin/env bash
# Installs the pinned Chart.js (package-lock.json) and copies what the dashboard serves into wwwroot/lib.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
rm -rf wwwroot/lib
mkdir -p wwwroot/lib/chart.js
cp node_modules/chart.js/dist/chart.umd.min.js wwwroot/lib/chart.js/
