#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary, obtaining it if needed (built once per machine).
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the cached go-install build, a fresh go install.
# When none works it exits 3 and the caller may fall back to @temporalio/testing's download.
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE_ROOT="${VIGIL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil}"
BIN_DIR="$CACHE_ROOT/temporal-cli/$TEMPORAL_CLI_VERSION"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  if [ -x "$TEMPORAL_CLI_PATH" ]; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
  echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2
  exit 2
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$BIN_DIR/temporal" ]; then echo "$BIN_DIR/temporal"; exit 0; fi

GO_BIN="$(command -v go || true)"
if [ -z "$GO_BIN" ] && [ -x /usr/local/go/bin/go ]; then GO_BIN=/usr/local/go/bin/go; fi
if [ -z "$GO_BIN" ]; then
  echo "No Temporal CLI found and Go is not installed: set TEMPORAL_CLI_PATH, put 'temporal' on PATH, or install Go >= 1.25" >&2
  exit 3
fi

mkdir -p "$BIN_DIR"
LOCK="$BIN_DIR.lock"
# One build at a time per machine: a second caller waits for the first.
exec 9>"$LOCK"
flock 9
if [ ! -x "$BIN_DIR/temporal" ]; then
  echo "Building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (first time only, several minutes)..." >&2
  start=$(date +%s)
  TMP_BIN="$(mktemp -d "$BIN_DIR.tmp.XXXXXX")"
  if ! GOBIN="$TMP_BIN" CGO_ENABLED=0 "$GO_BIN" install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2; then
    rm -rf "$TMP_BIN"
    echo "go install of the Temporal CLI failed" >&2
    exit 3
  fi
  mv "$TMP_BIN/temporal" "$BIN_DIR/temporal"
  rm -rf "$TMP_BIN"
  echo "Temporal CLI built in $(( $(date +%s) - start ))s: $BIN_DIR/temporal" >&2
fi
echo "$BIN_DIR/temporal"
