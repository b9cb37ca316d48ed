#!/bin/bash
# Build the pegasos2-busybox Linux guest: a 32-bit CHRP kernel (Debian's linux-source-6.1 with
# the linux-pegasos2 guest's two patches and load-address rewrite) with AltiVec, full
# preemption, HZ=250, libata + pata_via, and a built-in initramfs holding a static busybox
# (Debian's busybox source, defconfig) whose /init is init.sh.
#
# Usage:  test/guests/pegasos2-busybox/build.sh
# Output: $OUT (default ${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-guests/pegasos2-busybox/out):
#         vmlinux, System.map, config, versions. Nothing is written inside the repository.
# Environment: OUT, WORK (unpack/build dir, default $OUT/..), JOBS (default 2),
#              LINUX_VERSION (Debian version of linux-source-6.1, default 6.1.192-2),
#              RECORD=1 also boots the result in qemu-system-ppc and rewrites boot-qemu.log.
# Needs: gcc-powerpc-linux-gnu libc6-dev-powerpc-cross binutils-powerpc-linux-gnu make bc bison
#        flex libssl-dev libelf-dev xz-utils cpio patch (no root: apt only downloads).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ppcjit-guests/pegasos2-busybox
WORK=${WORK:-$CACHE}
OUT=${OUT:-$CACHE/out}
JOBS=${JOBS:-2}
LINUX_VERSION=${LINUX_VERSION:-6.1.192-2}
LOAD_ADDR=0x400000
mkdir -p "$WORK" "$OUT"

# ---- sources, through a private apt configuration (never /etc/apt) ----------------------
# The system's own mirror, as a deb entry for bookworm-security (linux-source-6.1's binary
# package holds the source tarball) and a deb-src entry for bookworm (busybox).
APTD=$WORK/apt
mkdir -p "$APTD/lists/partial" "$APTD/cache/archives/partial" "$APTD/parts" "$WORK/dl"
URI=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
KEY=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$APTD/parts/guest.sources" <<SRC
Types: deb
URIs: ${URI}-security
Suites: bookworm-security
Components: main
Signed-By: $KEY

Types: deb-src
URIs: $URI
Suites: bookworm
Components: main
Signed-By: $KEY
SRC
APT=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$APTD/parts"
     -o "Dir::State::Lists=$APTD/lists" -o "Dir::Cache=$APTD/cache" -o APT::Sandbox::User=root)
if [ ! -f "$WORK/dl/.fetched" ]; then
    echo "== apt: linux-source-6.1=$LINUX_VERSION and busybox sources"
    apt-get "${APT[@]}" update -qq
    (cd "$WORK/dl" && apt-get "${APT[@]}" download "linux-source-6.1=$LINUX_VERSION" \
        && apt-get "${APT[@]}" source --download-only busybox)
    touch "$WORK/dl/.fetched"
fi

KSRC=$WORK/linux-source-6.1
if [ ! -f "$KSRC/Makefile" ]; then
    echo "== extracting the kernel source"
    rm -rf "$WORK/deb" && mkdir -p "$WORK/deb"
    dpkg-deb -x "$WORK"/dl/linux-source-6.1_*.deb "$WORK/deb"
    tar -C "$WORK" -xf "$WORK"/deb/usr/src/linux-source-6.1.tar.xz
    rm -rf "$WORK/deb"
fi
BSRC=$(find "$WORK" -maxdepth 1 -type d -name 'busybox-1.*' | head -n 1)
if [ -z "$BSRC" ]; then
    echo "== extracting busybox"
    tar -C "$WORK" -xf "$(ls "$WORK"/dl/busybox_*.orig.tar.* | head -n 1)"
    BSRC=$(find "$WORK" -maxdepth 1 -type d -name 'busybox-1.*' | head -n 1)
fi

# ---- busybox: defconfig, static --------------------------------------------------------
if [ ! -x "$BSRC/busybox" ]; then
    echo "== building busybox with -j$JOBS"
    BMAKE=(make -C "$BSRC" CROSS_COMPILE=powerpc-linux-gnu- ARCH=powerpc)
    "${BMAKE[@]}" defconfig > /dev/null
    sed -i 's/^# CONFIG_STATIC is not set$/CONFIG_STATIC=y/' "$BSRC/.config"
    # tc needs kernel headers newer busyboxes expect; the guest has no network anyway.
    sed -i 's/^CONFIG_TC=y$/# CONFIG_TC is not set/' "$BSRC/.config"
    "${BMAKE[@]}" oldconfig < /dev/null > /dev/null
    SOURCE_DATE_EPOCH=1767225600 KCONFIG_NOTIMESTAMP=1 "${BMAKE[@]}" -j"$JOBS" busybox > "$WORK/busybox-build.log" 2>&1 \
        || { tail -n 30 "$WORK/busybox-build.log"; exit 1; }
    powerpc-linux-gnu-strip "$BSRC/busybox"
fi

# ---- kernel ----------------------------------------------------------------------------
cd "$KSRC"
for p in "$HERE"/0*.patch; do
    if ! patch -p1 -R --dry-run -s -f < "$p" > /dev/null 2>&1; then
        echo "== applying $(basename "$p")"
        patch -p1 -s -f < "$p"
    fi
done
mkdir -p ppcjit
cp "$BSRC/busybox" ppcjit/busybox
cp "$HERE/init.sh" ppcjit/init
# gen_init_cpio stores mtimes: pin them so rebuilds give the same vmlinux.
touch -d '2026-01-01 00:00:00 UTC' ppcjit/busybox ppcjit/init
rm -f usr/initramfs_data.cpio
{
    printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' 'nod /dev/null 0666 0 0 c 1 3' \
        'dir /proc 0555 0 0' 'dir /sys 0555 0 0' 'dir /root 0700 0 0' 'dir /tmp 01777 0 0' \
        'dir /bin 0755 0 0' 'file /bin/busybox ppcjit/busybox 0755 0 0' 'file /init ppcjit/init 0755 0 0'
    for a in sh mount echo uname cat grep sed seq awk wc tr sort uniq head md5sum ls stty poweroff \
             setsid cttyhack factor expr sleep; do
        echo "slink /bin/$a busybox 0777 0 0"
    done
} > ppcjit/initramfs.list

KMAKE=(make ARCH=powerpc CROSS_COMPILE=powerpc-linux-gnu-)
export KBUILD_BUILD_USER=ppcjit KBUILD_BUILD_HOST=ppcjit KBUILD_BUILD_VERSION=1
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
if [ ! -f .config ] || [ "$HERE/config.fragment" -nt .config ]; then
    echo "== config: chrp32_defconfig + config.fragment"
    "${KMAKE[@]}" chrp32_defconfig > /dev/null
    scripts/kconfig/merge_config.sh -m .config "$HERE/config.fragment" > /dev/null
    "${KMAKE[@]}" olddefconfig > /dev/null
    for want in ALTIVEC=y PREEMPT=y HZ=250 PATA_VIA=y ATA_BMDMA=y; do
        grep -qx "CONFIG_$want" .config || { echo "config lost CONFIG_$want" >&2; exit 1; }
    done
fi
echo "== building vmlinux with -j$JOBS"
"${KMAKE[@]}" -j"$JOBS" vmlinux > "$WORK/kernel-build.log" 2>&1 || { tail -n 30 "$WORK/kernel-build.log"; exit 1; }

# ---- package: strip, and move the physical load address off VOF at 0 --------------------
# QEMU's pegasos2 loads ELF segments at p_paddr; vof.bin sits at physical 0, so p_paddr moves
# to 0x400000. The CHRP entry code runs prom_init where it was loaded and then copies the
# kernel down to 0, as when real Open Firmware loads it elsewhere.
be32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}'; }
be16() { od -An -tu1 -j "$2" -N2 "$1" | awk '{print $1*256+$2}'; }
patch_paddr() {
    local f=$1 off=$(( $2 )) phoff phentsize phnum i o pa new
    phoff=$(be32 "$f" 28); phentsize=$(be16 "$f" 42); phnum=$(be16 "$f" 44)
    for (( i = 0; i < phnum; i++ )); do
        o=$(( phoff + i * phentsize ))
        [ "$(be32 "$f" "$o")" = 1 ] || continue
        pa=$(be32 "$f" $(( o + 12 ))); new=$(( pa + off ))
        printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(( new >> 24 & 255 )) \
            $(( new >> 16 & 255 )) $(( new >> 8 & 255 )) $(( new & 255 )))" \
            | dd of="$f" bs=1 seek=$(( o + 12 )) conv=notrunc status=none
    done
}
powerpc-linux-gnu-strip -o "$OUT/vmlinux.tmp" vmlinux
patch_paddr "$OUT/vmlinux.tmp" "$LOAD_ADDR"
mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
cp System.map "$OUT/System.map"
cp .config "$OUT/config"
{ echo "linux-source-6.1 $LINUX_VERSION"; echo "busybox $(basename "$BSRC")"; } > "$OUT/versions"
cat "$OUT/versions"
ls -l "$OUT/vmlinux"

if [ "${RECORD:-0}" = 1 ]; then
    echo "== recording boot-qemu.log with qemu-system-ppc"
    timeout 300 qemu-system-ppc -M pegasos2 -cpu 7447a -m 256 -kernel "$OUT/vmlinux" \
        -append console=ttyS0 -serial stdio -display none -monitor none < /dev/null \
        > "$HERE/boot-qemu.log" 2>&1
    tail -n 3 "$HERE/boot-qemu.log"
fi
