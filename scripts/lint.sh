#!/usr/bin/env bash
# Lint as a habit: formatting and clippy over every target (library, binary, tests, examples),
# warnings as errors. The lints are configured in Cargo.toml's [lints] table.
# The first run checks every dependency once (several minutes on 2 cores); later runs only tonghop.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tonghop-target}"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
echo "lint: sạch (fmt, clippy)"
