#!/usr/bin/env bash
# Builds test/realprogs' binaries (see README "Development") from Debian bookworm source
# packages, static, -O2, stripped big-endian 32-bit PowerPC, into ${PPCJIT_REALPROGS_BIN:-
# test/realprogs/bin} (git-ignored), with bin/VERSIONS ("program source-package version").
#   lua           lua5.4
#   busybox       busybox with FEATURE_SH_STANDALONE + FEATURE_PREFER_APPLETS (qemu-ppc can run
#                 its pipelines: applets run in-process, never exec'd)
#   busybox-full  busybox defconfig
#   minigzip, example   zlib's test programs
# Idempotent (a binary built from the same package version is skipped). Fetching and recipes:
# bench/realprogs/debsrc.sh (sources cached in ${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-sources).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../bench/realprogs/debsrc.sh
. "$HERE/../../bench/realprogs/debsrc.sh"

debsrc_main "${PPCJIT_REALPROGS_BIN:-$HERE/bin}" \
  lua:lua5.4:lua \
  busybox:busybox:busybox_standalone \
  busybox-full:busybox:busybox \
  minigzip:zlib:minigzip \
  example:zlib:zlib_example
