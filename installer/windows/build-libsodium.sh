#!/usr/bin/env bash
# Builds a static libsodium for x86_64-w64-mingw32 from Debian's own source package, so the Windows host is
# cross-built from nothing but Debian packages (issue 18).
#   installer/windows/build-libsodium.sh [PREFIX]    default PREFIX: build-windows-deps/ in the repository
# Installs into PREFIX/{include,lib} (libsodium.a, sodium.h, lib/pkgconfig/libsodium.pc); a second run with the
# library already there does nothing.
#
# apt-get source needs a deb-src line. Rather than editing /etc/apt, the script gives apt a private sources list,
# package lists and cache under PREFIX/apt (Dir::Etc::sourcelist, Dir::State::Lists, Dir::Cache): the machine's
# apt configuration and state are left as they were. Needs dpkg-dev (dpkg-source), autoconf, automake, libtool and
# g++-mingw-w64-x86-64-posix.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
prefix=$(realpath -m "${1:-$repo/build-windows-deps}")
host=x86_64-w64-mingw32

if [ -f "$prefix/lib/libsodium.a" ] && [ -f "$prefix/include/sodium.h" ]; then
  echo "libsodium for $host: already in $prefix"
  exit 0
fi
for tool in $host-gcc-posix dpkg-source make autoreconf libtoolize; do
  command -v "$tool" >/dev/null || { echo "build-libsodium.sh: $tool is missing (installer/deps.sh)" >&2; exit 1; }
done

# The private apt: the same mirrors and suites as the machine's deb lines, as deb-src. Debian 12 keeps them in
# deb822 form (/etc/apt/sources.list.d/debian.sources); a classic sources.list works too.
apt_dir="$prefix/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts"
{
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" && echo
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb-src \1/p' "$f"
  done
  true  # a missing last file is no failure
} >"$apt_dir/src.list.tmp"
# A deb822 stanza goes in a .sources file; one-line entries in a .list file.
if grep -q '^Types:' "$apt_dir/src.list.tmp"; then
  mv "$apt_dir/src.list.tmp" "$apt_dir/parts/src.sources"
else
  mv "$apt_dir/src.list.tmp" "$apt_dir/parts/src.list"
fi
apt_opts=(-o "Dir::Etc::sourcelist=/dev/null" -o "Dir::Etc::sourceparts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Debug::NoLocking=1" -q)
# As root apt drops to the _apt user to download, who cannot write into a folder of root's; downloading as root
# into this private folder is what apt would fall back to anyway (with a warning).
[ "$(id -u)" -ne 0 ] || apt_opts+=(-o "APT::Sandbox::User=root")
echo "apt-get update (private deb-src lists in $apt_dir)..."
apt-get "${apt_opts[@]}" update >/dev/null

src_dir="$prefix/src"
rm -rf "$src_dir"
mkdir -p "$src_dir"
(cd "$src_dir" && apt-get "${apt_opts[@]}" source libsodium >/dev/null)
tree=$(find "$src_dir" -mindepth 1 -maxdepth 1 -type d -name 'libsodium-*' | head -n 1)
[ -n "$tree" ] || { echo "build-libsodium.sh: apt-get source libsodium unpacked nothing" >&2; exit 1; }
echo "Building $(basename "$tree") for $host (static)..."

# -posix: the same threading model as the host's g++-posix, so one libwinpthread serves both. --disable-ssp:
# mingw's stack protector needs libssp, which the static host does not link. Debian's tarball has no configure
# (Debian's build runs autoreconf too), hence autoconf, automake and libtool.
(cd "$tree" && autoreconf -fi >"$src_dir/autoreconf.log" 2>&1 &&
  CC=$host-gcc-posix ./configure --host=$host --prefix="$prefix" --enable-static --disable-shared \
    --disable-ssp --with-pic=no >"$src_dir/configure.log" 2>&1 &&
  make -j"${ZCRM_JOBS:-2}" >"$src_dir/make.log" 2>&1 && make install >"$src_dir/install.log" 2>&1) || {
  echo "build-libsodium.sh: the build failed; the last lines of its logs:" >&2
  tail -n 20 "$src_dir"/*.log >&2
  exit 1
}
echo "libsodium for $host: $prefix/lib/libsodium.a"
