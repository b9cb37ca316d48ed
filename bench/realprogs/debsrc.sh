# shellcheck shell=bash
# Shared by bench/realprogs/build.sh and test/realprogs/build.sh (source it, do not run it):
# fetches Debian bookworm source packages through a PRIVATE apt configuration (never /etc/apt;
# recipe: ../shared/design/real-programs.md) into a cache outside git, unpacks them with the
# Debian patches applied, and cross-compiles them with powerpc-linux-gnu-gcc (static, -O2,
# default -mcpu, stripped). Needs apt-get, dpkg-source (dpkg-dev), file,
# gcc-powerpc-linux-gnu + libc6-dev-powerpc-cross, and for some recipes the host tools
# autoconf automake libtool bison flex gcc (bc, jq) and tclsh (sqlite3).
#
# Entry point: debsrc_main BINDIR NAME:PACKAGE:RECIPE... builds each NAME (in that order) from
# source package PACKAGE with build_RECIPE into BINDIR/NAME and records "NAME PACKAGE VERSION"
# in BINDIR/VERSIONS; a NAME already built from the same version is skipped. The build trees
# are in $PPCJIT_SOURCES/build/RECIPE, the logs in $PPCJIT_SOURCES/logs/NAME.log.

PPCJIT_SOURCES=${PPCJIT_SOURCES:-${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-sources}
PPC_CC=${PPC_CC:-powerpc-linux-gnu-gcc}
PPC_HOST=${PPC_HOST:-powerpc-linux-gnu}
PPC_STRIP=${PPC_STRIP:-powerpc-linux-gnu-strip}
# Jobs for make: the project's machines have 2 cores shared with other work.
MAKE_JOBS=${MAKE_JOBS:-2}

debsrc_log() { printf '== %s\n' "$*" >&2; }

# apt-get (or debsrc_apt_cache: apt-cache) with the private configuration: only our deb-src
# entry, our own lists and cache.
debsrc_apt() { debsrc_apt_tool apt-get "$@"; }
debsrc_apt_cache() { debsrc_apt_tool apt-cache "$@"; }
debsrc_apt_tool() {
  local tool=$1
  shift
  "$tool" -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$PPCJIT_SOURCES/parts" \
    -o "Dir::State::Lists=$PPCJIT_SOURCES/lists" -o "Dir::Cache=$PPCJIT_SOURCES/cache" \
    -o APT::Sandbox::User=root "$@"
}

# Writes the deb-src entry (the mirror the machine's own Debian sources use) and updates the
# private lists once per day.
debsrc_init() {
  mkdir -p "$PPCJIT_SOURCES/lists/partial" "$PPCJIT_SOURCES/cache/archives/partial" \
    "$PPCJIT_SOURCES/parts" "$PPCJIT_SOURCES/dl" "$PPCJIT_SOURCES/src"
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri=${uri:-http://deb.debian.org/debian}
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: %s\n' \
    "$uri" /usr/share/keyrings/debian-archive-keyring.gpg >"$PPCJIT_SOURCES/parts/src.sources"
  local stamp=$PPCJIT_SOURCES/lists/.updated
  if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
    debsrc_log "apt-get update (private lists in $PPCJIT_SOURCES/lists)"
    debsrc_apt update -qq
    touch "$stamp"
  fi
}

# The bookworm version of source package $1 (as the private lists have it).
debsrc_version() {
  debsrc_apt_cache showsrc --only-source "$1" 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}

# debsrc_unpack PKG: downloads (once) and unpacks (once) source package PKG with the Debian
# patches applied. Sets DEBSRC_DIR (the unpacked tree) and DEBSRC_VERSION.
debsrc_unpack() {
  local pkg=$1
  DEBSRC_VERSION=$(debsrc_version "$pkg")
  if [ -z "$DEBSRC_VERSION" ]; then
    echo "debsrc: no source package $pkg in bookworm" >&2
    return 1
  fi
  local upstream=${DEBSRC_VERSION#*:}
  local dsc=$PPCJIT_SOURCES/dl/${pkg}_${upstream}.dsc
  DEBSRC_DIR=$PPCJIT_SOURCES/src/${pkg}_${upstream}
  if [ ! -e "$dsc" ]; then
    debsrc_log "fetching $pkg $DEBSRC_VERSION"
    (cd "$PPCJIT_SOURCES/dl" && debsrc_apt source -qq --download-only "$pkg=$DEBSRC_VERSION" >/dev/null)
  fi
  if [ ! -e "$DEBSRC_DIR/.unpacked" ]; then
    debsrc_log "unpacking $pkg $DEBSRC_VERSION"
    rm -rf "$DEBSRC_DIR"
    dpkg-source --no-check -x "$dsc" "$DEBSRC_DIR" >/dev/null
    touch "$DEBSRC_DIR/.unpacked"
  fi
}

# debsrc_record FILE NAME PKG VERSION: keeps one line "NAME PKG VERSION" per built program.
debsrc_record() {
  local file=$1 name=$2
  touch "$file"
  grep -v "^$name " "$file" >"$file.tmp" || true
  printf '%s %s %s\n' "$name" "$3" "$4" >>"$file.tmp"
  sort "$file.tmp" >"$file"
  rm -f "$file.tmp"
}

# debsrc_install SRC DEST: a stripped copy, checked to be a static 32-bit big-endian PowerPC ELF.
debsrc_install() {
  local src=$1 dest=$2
  "$PPC_STRIP" -o "$dest.tmp" "$src"
  if ! file -b "$dest.tmp" | grep -q 'ELF 32-bit MSB executable, PowerPC.*statically linked'; then
    echo "debsrc: $src is not a static 32-bit PowerPC executable: $(file -b "$dest.tmp")" >&2
    rm -f "$dest.tmp"
    return 1
  fi
  mv "$dest.tmp" "$dest"
}

# debsrc_in DIR CMD...: runs CMD in DIR at low priority, its output appended to the program's
# log ($PPCJIT_SOURCES/logs/$DEBSRC_NAME.log); on failure shows the end of the log.
debsrc_in() {
  local dir=$1
  shift
  mkdir -p "$PPCJIT_SOURCES/logs"
  local log=$PPCJIT_SOURCES/logs/${DEBSRC_NAME:-build}.log
  if ! (cd "$dir" && nice -n 10 "$@") >>"$log" 2>&1; then
    echo "debsrc: failed in $dir: $*; last lines of $log:" >&2
    tail -n 25 "$log" >&2
    return 1
  fi
}

# ---- recipes: build_RECIPE builds from the unpacked $DEBSRC_DIR in $BUILD/RECIPE and sets
# BUILT to the unstripped binary ----

# A fresh copy of the unpacked source in $BUILD/$1 (some packages do not build out of tree; the
# unpacked tree stays clean for the next build).
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
    # AUTOPOINT=true: the gettext files are in the tarball already (and NLS is disabled).
    debsrc_in "$dir" env AUTOPOINT=true autoreconf -fi
  fi
}

# configure_cross DIR ARGS...: configures DIR for the cross target, everything linked static
# (-static in CC, so libtool cannot drop it).
configure_cross() {
  local dir=$1
  shift
  debsrc_in "$dir" ./configure --host="$PPC_HOST" CC="$PPC_CC -static" CFLAGS=-O2 \
    --disable-shared --enable-static --disable-nls "$@"
}

# autotools RECIPE ARGS...: a fresh copy, regenerated if needed, configured for the target.
autotools() {
  fresh_copy "$1"
  reconf_if_needed "$1"
  configure_cross "$BUILD/$1" "${@:2}"
}

build_lua() {
  # lua.c + the library, as upstream's `make posix` (Debian's Makefile builds a shared
  # library); Debian's module-path patch includes a header its rules generate.
  local out=$BUILD/lua
  rm -rf "$out"
  mkdir -p "$out"
  echo "#define DEB_HOST_MULTIARCH \"$PPC_HOST\"" >"$out/lua5.4-deb-multiarch.h"
  # shellcheck disable=SC2046
  debsrc_in "$DEBSRC_DIR/src" "$PPC_CC" -std=gnu99 -O2 -static -DLUA_COMPAT_5_3 -DLUA_USE_POSIX \
    -I"$out" -o "$out/lua" $(ls "$DEBSRC_DIR"/src/*.c | grep -v /luac.c) -lm
  BUILT=$out/lua
}

build_jq() {
  # 1.6: no configure in the tarball, and no builtin oniguruma (regexps are left out). `all`,
  # not `jq`: the generated src/builtin.inc is a BUILT_SOURCE.
  autotools jq --without-oniguruma --disable-docs --disable-maintainer-mode --disable-valgrind
  debsrc_in "$BUILD/jq" make -j"$MAKE_JOBS" LDFLAGS=-all-static
  BUILT=$BUILD/jq/jq
}

build_bc() {
  fresh_copy bc
  reconf_if_needed bc
  # bc/libmath.h is made by running the freshly built bc (fbc): that part is built for the host.
  rm -rf "${BUILD:?}/bc-host"
  cp -a "$BUILD/bc" "$BUILD/bc-host"
  debsrc_in "$BUILD/bc-host" ./configure CFLAGS=-O2
  debsrc_in "$BUILD/bc-host" make -j"$MAKE_JOBS" -C lib
  debsrc_in "$BUILD/bc-host" make -C bc libmath.h
  configure_cross "$BUILD/bc"
  cp "$BUILD/bc-host/bc/libmath.h" "$BUILD/bc/bc/libmath.h"
  debsrc_in "$BUILD/bc" make -j"$MAKE_JOBS" -C lib
  debsrc_in "$BUILD/bc" make -j"$MAKE_JOBS" -C bc -o libmath.h bc
  BUILT=$BUILD/bc/bc/bc
}

build_xz() {
  autotools xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc
  debsrc_in "$BUILD/xz" make -j"$MAKE_JOBS" LDFLAGS=-all-static
  BUILT=$BUILD/xz/src/xz/xz
}

# busybox_config RECIPE [CONFIG_X=y|n...]: defconfig + static + the given options, built out
# of tree in $BUILD/RECIPE.
busybox_config() {
  local out=$BUILD/$1 opt
  shift
  rm -rf "$out"
  mkdir -p "$out"
  local mk=(make -C "$DEBSRC_DIR" O="$out" CROSS_COMPILE="$PPC_HOST-")
  debsrc_in "$DEBSRC_DIR" "${mk[@]}" defconfig
  # tc does not build against bookworm's kernel headers (CBQ is gone from 6.x).
  for opt in CONFIG_STATIC=y CONFIG_TC=n "$@"; do
    sed -i -e "/^${opt%%=*}=/d" -e "/^# ${opt%%=*} is not set/d" "$out/.config"
    if [ "${opt#*=}" = n ]; then echo "# ${opt%%=*} is not set"; else echo "$opt"; fi >>"$out/.config"
  done
  debsrc_in "$DEBSRC_DIR" "${mk[@]}" oldconfig </dev/null
  debsrc_in "$DEBSRC_DIR" "${mk[@]}" -j"$MAKE_JOBS" busybox
  BUILT=$out/busybox
}

# defconfig (static): the bench's `busybox factor`, test/realprogs' busybox-full.
build_busybox() { busybox_config busybox; }

# test/realprogs' busybox: applets run in-process (qemu-ppc cannot exec guest ELFs).
build_busybox_standalone() {
  busybox_config busybox-standalone CONFIG_FEATURE_SH_STANDALONE=y CONFIG_FEATURE_PREFER_APPLETS=y
}

build_sqlite3() {
  # The sqlite3 shell from the amalgamation (tclsh and host tools, lemon etc. built with BCC,
  # generate sqlite3.c and shell.c).
  autotools sqlite3 --disable-tcl --disable-readline --disable-editline --disable-load-extension
  debsrc_in "$BUILD/sqlite3" make CROSS_BUILDING=yes BCC="gcc -O2" sqlite3.c shell.c
  debsrc_in "$BUILD/sqlite3" "$PPC_CC" -O2 -static -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION \
    -I. -o sqlite3-shell shell.c sqlite3.c -lm
  BUILT=$BUILD/sqlite3/sqlite3-shell
}

build_mujs() {
  fresh_copy mujs
  debsrc_in "$BUILD/mujs" make -j"$MAKE_JOBS" CC="$PPC_CC" CFLAGS=-O2 LDFLAGS=-static \
    HAVE_READLINE=no release
  BUILT=$BUILD/mujs/build/release/mujs
}

build_zstd() {
  # Single-threaded (no worker threads, no asynchronous I/O).
  fresh_copy zstd
  debsrc_in "$BUILD/zstd/programs" make -j"$MAKE_JOBS" CC="$PPC_CC" CFLAGS=-O2 LDFLAGS=-static \
    HAVE_THREAD=0 HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 zstd
  BUILT=$BUILD/zstd/programs/zstd
}

build_gawk() {
  # Debian's patches change Makefile.am and Makefile.in alike, and the DFSG tarball lacks the
  # manual automake wants: keep the shipped build system, newer than its inputs.
  fresh_copy gawk
  (
    cd "$BUILD/gawk"
    find . \( -name Makefile.am -o -name configure.ac -o -name '*.m4' \) -exec touch {} +
    touch configure
    find . \( -name Makefile.in -o -name configh.in \) -exec touch {} +
  )
  configure_cross "$BUILD/gawk" --without-readline --without-mpfr --disable-extensions
  debsrc_in "$BUILD/gawk" make -j"$MAKE_JOBS" -C support
  debsrc_in "$BUILD/gawk" make -j"$MAKE_JOBS" gawk
  BUILT=$BUILD/gawk/gawk
}

# zlib's own test programs, linked with its static library.
zlib_build() {
  fresh_copy zlib
  debsrc_in "$BUILD/zlib" env CC="$PPC_CC" CFLAGS=-O2 ./configure --static
  debsrc_in "$BUILD/zlib" make -j"$MAKE_JOBS" LDFLAGS=-static "$1"
  BUILT=$BUILD/zlib/$1
}
build_minigzip() { zlib_build minigzip; }
build_zlib_example() { zlib_build example; }

# build_one BINDIR NAME PKG RECIPE: fetch, build, install and record one program. Run as a job
# of its own (see debsrc_main) so that set -e stops it at the first failing step.
build_one() {
  local bindir=$1 name=$2 pkg=$3 recipe=$4 t0
  t0=$(date +%s)
  set -e
  rm -f "$PPCJIT_SOURCES/logs/$name.log"
  debsrc_unpack "$pkg"
  DEBSRC_NAME=$name
  "build_$recipe"
  debsrc_install "$BUILT" "$bindir/$name"
  debsrc_record "$bindir/VERSIONS" "$name" "$pkg" "$DEBSRC_VERSION"
  debsrc_log "$name: built from $pkg $DEBSRC_VERSION in $(($(date +%s) - t0)) s"
}

# debsrc_main BINDIR NAME:PACKAGE:RECIPE...: see the top of this file. Prints the versions of
# what BINDIR holds; exits 1 when a program could not be built (the others are still built).
debsrc_main() {
  local bindir=$1 entry name pkg recipe version failed=()
  shift
  BUILD=$PPCJIT_SOURCES/build
  mkdir -p "$bindir" "$BUILD"
  debsrc_init
  for entry in "$@"; do
    IFS=: read -r name pkg recipe <<<"$entry"
    version=$(debsrc_version "$pkg")
    if [ -x "$bindir/$name" ] && grep -qxF "$name $pkg $version" "$bindir/VERSIONS" 2>/dev/null; then
      debsrc_log "$name: $pkg $version already built"
      continue
    fi
    # A background job, not `if build_one`: bash ignores set -e inside a condition.
    build_one "$bindir" "$name" "$pkg" "$recipe" &
    if ! wait $!; then
      failed+=("$name")
      debsrc_log "$name: FAILED (log: $PPCJIT_SOURCES/logs/$name.log)"
    fi
  done
  echo "binaries in $bindir:"
  cat "$bindir/VERSIONS" 2>/dev/null || true
  if [ ${#failed[@]} -gt 0 ]; then
    echo "not built: ${failed[*]}" >&2
    return 1
  fi
}
