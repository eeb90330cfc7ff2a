#!/usr/bin/env bash
# Installs the pinned front-end libraries (package-lock.json) and copies what the dashboard serves into wwwroot/lib.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
rm -rf wwwroot/lib
mkdir -p wwwroot/lib/bootstrap/css wwwroot/lib/bootstrap/js wwwroot/lib/bootstrap-icons/font wwwroot/lib/chart.js
cp node_modules/bootstrap/dist/css/bootstrap.min.css wwwroot/lib/bootstrap/css/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js wwwroot/lib/bootstrap/js/
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css wwwroot/lib/bootstrap-icons/font/
cp -r node_modules/bootstrap-icons/font/fonts wwwroot/lib/bootstrap-icons/font/
cp node_modules/chart.js/dist/chart.umd.min.js wwwroot/lib/chart.js/
