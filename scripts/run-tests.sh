#!/usr/bin/env bash
# Run all three test layers, even if one fails, then print one closing line
# "N passed, N failed" summed over the layers. Exits non-zero if any layer
# failed or ran no test.
set -uo pipefail
cd "$(dirname "$0")/.."
out="$PWD/build/test-results"
rm -rf "$out" && mkdir -p "$out"
status=0

echo "=== lint and type check ==="
npm run --silent lint || status=1
npm run --silent typecheck || status=1

echo "=== 1/3 TypeScript unit tests (vitest) ==="
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

echo "=== 2/3 Python tests (pytest) ==="
python -m pytest --junitxml="$out/pytest.xml" || status=1

echo "=== 3/3 UI tests (galata on /usr/bin/chromium) ==="
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test -c ui-tests/playwright.config.js || status=1
# The toy-modality spec on a server running the CLI built with the toy (README, "Adding a modality").
npm run --silent build:cli:toy || status=1
IBL_NWB_TEST_CLI="$PWD/ui-tests/toy-cli/ibl2nwb.mjs" PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright-toy.json" \
  npx playwright test -c ui-tests/playwright.config.js || status=1

python scripts/summarize-tests.py "$out" || status=1
exit $status
