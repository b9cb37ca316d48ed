#!/usr/bin/env bash
# Builds the bench's real programs (npm run bench, group `realprogs`) from Debian bookworm source
# packages: static, -O2, big-endian 32-bit PowerPC (powerpc-linux-gnu-gcc, default -mcpu),
# stripped. Nothing lands in git:
#   sources  ${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-sources (and the build trees, logs)
#   binaries ${PPCJIT_REALPROGS_CACHE:-$HOME/.cache/ppcjit-realprogs}/bin, with bin/VERSIONS
#            ("program source-package version" per line)
# Idempotent: a program whose binary exists, built from the same package version, is skipped.
#   bench/realprogs/build.sh [PROGRAM...]   (default: all, in the order below)
# Needs (apt): gcc-powerpc-linux-gnu libc6-dev-powerpc-cross dpkg-dev file autoconf automake
# libtool bison flex gcc tcl. The recipes are in debsrc.sh (shared with test/realprogs/build.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debsrc.sh
. "$HERE/debsrc.sh"

# program:source-package:recipe, most useful first.
PROGRAMS=(
  lua:lua5.4:lua
  jq:jq:jq
  bc:bc:bc
  xz:xz-utils:xz
  busybox:busybox:busybox
  sqlite3:sqlite3:sqlite3
  mujs:mujs:mujs
  zstd:libzstd:zstd
  gawk:gawk:gawk
)

selected=()
for entry in "${PROGRAMS[@]}"; do
  if [ $# -eq 0 ] || [[ " $* " == *" ${entry%%:*} "* ]]; then selected+=("$entry"); fi
done
debsrc_main "${PPCJIT_REALPROGS_CACHE:-$HOME/.cache/ppcjit-realprogs}/bin" "${selected[@]}"
