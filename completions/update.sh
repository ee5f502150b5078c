#!/usr/bin/env bash
# Regenerates the committed completion scripts from the command line's
# definition (tests/cli.rs fails when they are stale).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q
bin=target/debug/logsift
$bin generate bash > completions/logsift.bash
$bin generate zsh > completions/_logsift
$bin generate fish > completions/logsift.fish
$bin generate powershell > completions/_logsift.ps1
$bin generate elvish > completions/logsift.elv
