# shellcheck shell=bash
# Shared by bench/realprogs/build.sh and test/realprogs/build.sh (source it, do not run it):
# fetches Debian bookworm source packages through a PRIVATE apt configuration (never /etc/apt;
# recipe: ../shared/design/real-programs.md) into a cache outside git, unpacks them with the
# Debian patches applied, and cross-compiles with powerpc-linux-gnu-gcc (static, -O2, default
# -mcpu). Needs apt-get, dpkg-source (dpkg-dev) and gcc-powerpc-linux-gnu +
# libc6-dev-powerpc-cross.

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

# Runs the rest of the arguments quietly at low priority, in directory $1; on failure shows
# the end of the log ($PPCJIT_SOURCES/logs/<label>.log).
debsrc_run() {
  local label=$1 dir=$2
  shift 2
  mkdir -p "$PPCJIT_SOURCES/logs"
  local log=$PPCJIT_SOURCES/logs/$label.log
  if ! (cd "$dir" && nice -n 10 "$@") >>"$log" 2>&1; then
    echo "debsrc: $label failed: $*; last lines of $log:" >&2
    tail -n 25 "$log" >&2
    return 1
  fi
}
