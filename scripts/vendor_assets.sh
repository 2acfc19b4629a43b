#!/usr/bin/env bash
# Re-create the web workspace's vendored JavaScript/CSS from the npm registry.
#
# The web UI must work fully offline (no CDN at run time), so the few third-party assets are
# copied into the package under ceasefire/web/static/vendor/. This script is how they were
# obtained; run it from the repository root to refresh them, then update VENDORED.md if a
# version changes. It needs `npm` (only `npm pack`, which downloads a tarball: nothing is
# installed and no package script runs) plus tar and sha256sum.
set -euo pipefail

LEAFLET_VERSION=1.9.4   # BSD-2-Clause
UPLOT_VERSION=1.6.32    # MIT

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/ceasefire/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "leaflet@${LEAFLET_VERSION}" >/dev/null
npm pack --silent "uplot@${UPLOT_VERSION}" >/dev/null
mkdir leaflet uplot
tar -xzf "leaflet-${LEAFLET_VERSION}.tgz" -C leaflet
tar -xzf "uplot-${UPLOT_VERSION}.tgz" -C uplot

rm -rf "$dest/leaflet" "$dest/uplot"
mkdir -p "$dest/leaflet/images" "$dest/uplot"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$dest/leaflet/"
cp leaflet/package/dist/images/*.png "$dest/leaflet/images/"
cp leaflet/package/LICENSE "$dest/leaflet/LICENSE"
cp uplot/package/dist/uPlot.iife.min.js uplot/package/dist/uPlot.min.css "$dest/uplot/"
cp uplot/package/LICENSE "$dest/uplot/LICENSE"

cd "$dest"
find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS
echo "vendored leaflet ${LEAFLET_VERSION} and uplot ${UPLOT_VERSION} into $dest"
