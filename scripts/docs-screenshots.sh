#!/usr/bin/env bash
# Refreshes docs/screenshots/: every page as the role that uses it, in English and Chinese, at 1920×1080, over
# the running demo. The screenshots are those the accessibility check takes (Browser/AccessibilityBrowserTests),
# so what the docs show is what axe-core checked. Needs what scripts/test.sh installs (chromium, fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f test-output/page-*.png
dotnet test Dashboard.Tests --filter "FullyQualifiedName~Browser.AccessibilityBrowserTests" --logger "console;verbosity=minimal"
mkdir -p docs/screenshots
for shot in test-output/page-*.png; do
  cp "$shot" "docs/screenshots/$(basename "$shot" | sed 's/^page-//')"
done
ls -1 docs/screenshots
