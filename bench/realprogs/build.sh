#!/usr/bin/env bash
# Builds the bench's real programs (npm run bench, group `realprogs`) from Debian bookworm source
# packages: static, -O2, big-endian 32-bit PowerPC (powerpc-linux-gnu-gcc, default -mcpu),
# stripped. Nothing lands in git:
#   sources  ${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-sources
#   binaries ${PPCJIT_REALPROGS_CACHE:-$HOME/.cache/ppcjit-realprogs}/bin, with bin/VERSIONS
#            ("program source-package version" per line)
# Idempotent: a program whose binary exists, built from the same package version, is skipped.
#   bench/realprogs/build.sh [PROGRAM...]   (default: all, in the order below)
# Needs: gcc-powerpc-linux-gnu libc6-dev-powerpc-cross dpkg-dev file, and for jq/bc/gawk the
# host tools autoconf automake libtool bison flex (and gcc, tclsh for sqlite3).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=debsrc.sh
. "$HERE/debsrc.sh"

CACHE=${PPCJIT_REALPROGS_CACHE:-$HOME/.cache/ppcjit-realprogs}
BIN=$CACHE/bin
BUILD=$CACHE/build
VERSIONS=$BIN/VERSIONS
mkdir -p "$BIN" "$BUILD"

# program → source package, in build order (the most useful first).
PROGRAMS=(lua:lua5.4 jq:jq bc:bc xz:xz-utils busybox:busybox sqlite3:sqlite3 mujs:mujs zstd:libzstd gawk:gawk)

# A fresh copy of the unpacked source in $BUILD/<program> (some packages do not build out of
# tree; the unpacked tree stays clean for the next build).
fresh_copy() {
  rm -rf "${BUILD:?}/$1"
  cp -a "$DEBSRC_DIR" "$BUILD/$1"
}

# Regenerates the build system of $BUILD/$1 when Debian's patches changed its inputs (as
# dh_autoreconf does), so make does not ask for the exact automake version of the tarball.
reconf_if_needed() {
  local dir=$BUILD/$1
  if [ ! -e "$dir/configure" ] ||
    [ -n "$(find "$dir" \( -name Makefile.am -o -name configure.ac -o -name '*.m4' \) -newer "$dir/configure" | head -n 1)" ]; then
    debsrc_run "$1" "$dir" autoreconf -fi
  fi
}

# configure_cross NAME ARGS...: configures $BUILD/NAME for the cross target, everything linked
# static (-static in CC, so libtool cannot drop it).
configure_cross() {
  local name=$1
  shift
  debsrc_run "$name" "$BUILD/$name" ./configure --host="$PPC_HOST" \
    CC="$PPC_CC -static" CFLAGS=-O2 --disable-shared --enable-static --disable-nls "$@"
}

# An autotools package configured for the cross target in a fresh copy.
autotools() {
  fresh_copy "$1"
  reconf_if_needed "$1"
  configure_cross "$@"
}

build_lua() {
  # lua.c + the library, as upstream's `make posix` (Debian's Makefile builds a shared library).
  # Debian's module-path patch includes a header its rules generate.
  local src=$DEBSRC_DIR/src out=$BUILD/lua
  mkdir -p "$out"
  echo "#define DEB_HOST_MULTIARCH \"$PPC_HOST\"" >"$out/lua5.4-deb-multiarch.h"
  # shellcheck disable=SC2046
  debsrc_run lua "$src" "$PPC_CC" -std=gnu99 -O2 -static -DLUA_COMPAT_5_3 -DLUA_USE_POSIX \
    -I"$out" -o "$out/lua" $(ls "$src"/*.c | grep -v /luac.c) -lm
  BUILT=$out/lua
}

build_jq() {
  # 1.6: no configure in the tarball, and no builtin oniguruma (regexps are left out).
  autotools jq --without-oniguruma --disable-docs --disable-maintainer-mode --disable-valgrind
  # `all`, not `jq`: the generated src/builtin.inc is a BUILT_SOURCE.
  debsrc_run jq "$BUILD/jq" make -j"$MAKE_JOBS" LDFLAGS=-all-static
  BUILT=$BUILD/jq/jq
}

build_bc() {
  fresh_copy bc
  reconf_if_needed bc
  # bc/libmath.h is made by running the freshly built bc (fbc): that part is built for the host.
  rm -rf "${BUILD:?}/bc-host"
  cp -a "$BUILD/bc" "$BUILD/bc-host"
  debsrc_run bc "$BUILD/bc-host" ./configure CFLAGS=-O2
  debsrc_run bc "$BUILD/bc-host" make -j"$MAKE_JOBS" -C lib
  debsrc_run bc "$BUILD/bc-host" make -C bc libmath.h
  configure_cross bc
  cp "$BUILD/bc-host/bc/libmath.h" "$BUILD/bc/bc/libmath.h"
  debsrc_run bc "$BUILD/bc" make -j"$MAKE_JOBS" -C lib
  debsrc_run bc "$BUILD/bc" make -j"$MAKE_JOBS" -C bc bc
  BUILT=$BUILD/bc/bc/bc
}

build_xz() {
  autotools xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc
  debsrc_run xz "$BUILD/xz" make -j"$MAKE_JOBS" LDFLAGS=-all-static
  BUILT=$BUILD/xz/src/xz/xz
}

# busybox_build NAME [CONFIG=y|n...]: defconfig + static + the given options, out of tree.
busybox_build() {
  local name=$1
  shift
  local out=$BUILD/$name
  rm -rf "$out"
  mkdir -p "$out"
  local mk=(make -C "$DEBSRC_DIR" O="$out" CROSS_COMPILE="$PPC_HOST-")
  debsrc_run "$name" "$DEBSRC_DIR" "${mk[@]}" defconfig
  local opt
  for opt in CONFIG_STATIC=y "$@"; do
    sed -i -e "/^${opt%%=*}=/d" -e "/^# ${opt%%=*} is not set/d" "$out/.config"
    echo "$opt" >>"$out/.config"
  done
  # Applets that do not build against bookworm's kernel headers (tc: CBQ is gone from 6.x).
  sed -i -e '/^CONFIG_TC=/d' "$out/.config"
  echo '# CONFIG_TC is not set' >>"$out/.config"
  debsrc_run "$name" "$DEBSRC_DIR" "${mk[@]}" oldconfig </dev/null
  debsrc_run "$name" "$DEBSRC_DIR" "${mk[@]}" -j"$MAKE_JOBS" busybox
  BUILT=$out/busybox
}

build_busybox() { busybox_build busybox; }

build_sqlite3() {
  # The amalgamation (tclsh generates it) and speedtest1.c, compiled directly.
  autotools sqlite3 --disable-tcl --disable-readline --disable-editline --disable-load-extension
  debsrc_run sqlite3 "$BUILD/sqlite3" make sqlite3.c
  debsrc_run sqlite3 "$BUILD/sqlite3" "$PPC_CC" -O2 -static -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0 \
    -I. -o speedtest1 "$DEBSRC_DIR/test/speedtest1.c" sqlite3.c -lm
  BUILT=$BUILD/sqlite3/speedtest1
}

build_mujs() {
  fresh_copy mujs
  debsrc_run mujs "$BUILD/mujs" make -j"$MAKE_JOBS" CC="$PPC_CC" CFLAGS=-O2 LDFLAGS=-static \
    HAVE_READLINE=no release
  BUILT=$BUILD/mujs/build/release/mujs
}

build_zstd() {
  fresh_copy zstd
  # zstd-nomt: single-threaded (no worker threads, no asynchronous I/O).
  debsrc_run zstd "$BUILD/zstd/programs" make -j"$MAKE_JOBS" CC="$PPC_CC" CFLAGS=-O2 LDFLAGS=-static \
    HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 zstd-nomt
  BUILT=$BUILD/zstd/programs/zstd
}

build_gawk() {
  autotools gawk --without-readline --without-mpfr --disable-extensions
  debsrc_run gawk "$BUILD/gawk" make -j"$MAKE_JOBS" gawk
  BUILT=$BUILD/gawk/gawk
}

# build_one NAME PKG: fetch, build, install and record one program. Run as a job of its own
# (see below) so that set -e stops it at the first failing step.
build_one() {
  local name=$1 pkg=$2 t0
  t0=$(date +%s)
  rm -f "$PPCJIT_SOURCES/logs/$name.log"
  debsrc_unpack "$pkg"
  "build_$name"
  debsrc_install "$BUILT" "$BIN/$name"
  debsrc_record "$VERSIONS" "$name" "$pkg" "$DEBSRC_VERSION"
  debsrc_log "$name: built from $pkg $DEBSRC_VERSION in $(($(date +%s) - t0)) s"
}

debsrc_init
want=("$@")
failed=()
for entry in "${PROGRAMS[@]}"; do
  name=${entry%%:*} pkg=${entry#*:}
  if [ ${#want[@]} -gt 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then continue; fi
  version=$(debsrc_version "$pkg")
  if [ -x "$BIN/$name" ] && grep -qxF "$name $pkg $version" "$VERSIONS" 2>/dev/null; then
    debsrc_log "$name: $pkg $version already built"
    continue
  fi
  # A background job, not `if build_one`: bash ignores set -e inside a condition.
  build_one "$name" "$pkg" &
  if ! wait $!; then
    failed+=("$name")
    debsrc_log "$name: FAILED (log: $PPCJIT_SOURCES/logs/$name.log)"
  fi
done
echo "binaries in $BIN:"
cat "$VERSIONS" 2>/dev/null || true
if [ ${#failed[@]} -gt 0 ]; then
  echo "not built: ${failed[*]}" >&2
  exit 1
fi
