#!/usr/bin/env bash
# Links a stand-in libstdc++.so.6 for a Bun musl executable, for the musl minimal-root test.
#
# Usage: scripts/musl-libstdcxx.sh OUT_DIR EXECUTABLE
#   OUT_DIR     receives libstdc++.so.6 (and the shim object and symbol list it was made from)
#   EXECUTABLE  a musl build, e.g. from `bun run scripts/build.ts --target bun-linux-x64-musl`
#
# Why: Bun's musl runtime links libstdc++.so.6 dynamically (readelf -d names it next to
# libc.musl-x86_64.so.1); on Alpine it comes from the `libstdc++` package. Debian builds no
# libstdc++ for musl, so this links one from Debian's own GCC 12 static archives (libstdc++.a,
# libgcc_eh.a, libgcc.a; their objects are position-independent). It exports the C++ runtime
# symbols EXECUTABLE imports and musl's libc.so lacks, plus the symbols of EXECUTABLE's COPY
# relocations, and leaves undefined only what musl's libc.so defines (checked at the end).
# scripts/musl-libstdcxx-shim.c supplies the few glibc-only symbols the archive code needs.
# x86-64 only: the paths below are Debian's (packages musl, gcc, libstdc++-12-dev, binutils).
set -euo pipefail

if [ "$#" -ne 2 ]; then
  sed -n '4,6p' "$0" >&2
  exit 2
fi
out=$1
exe=$2
here=$(cd "$(dirname "$0")" && pwd)
gcc_dir=/usr/lib/gcc/x86_64-linux-gnu/12
libc_dir=/usr/lib/x86_64-linux-gnu
musl_libc=/usr/lib/x86_64-linux-musl/libc.so

fail() {
  echo "musl-libstdcxx: $*" >&2
  exit 1
}
[ -f "$exe" ] || fail "cannot read executable $exe"
[ -f "$musl_libc" ] || fail "needs musl's $musl_libc (Debian package musl)"
for f in "$gcc_dir/libstdc++.a" "$gcc_dir/libgcc_eh.a" "$gcc_dir/crtbeginS.o" "$libc_dir/crti.o"; do
  [ -f "$f" ] || fail "needs $f (Debian packages libstdc++-12-dev and libc6-dev)"
done
for tool in gcc nm readelf; do
  command -v "$tool" >/dev/null 2>&1 || fail "needs $tool"
done
mkdir -p "$out"

# Dynamic symbol names, one per line, sorted; nm -D prints the name last ("U name", "w name").
names() { awk 'NF > 0 { sub(/@.*/, "", $NF); print $NF }' | LC_ALL=C sort -u; }
nm -D --defined-only "$musl_libc" | names >"$out/musl-libc.txt"

# The C++ runtime symbols EXECUTABLE imports that musl's libc does not define...
nm -D --undefined-only "$exe" | names |
  LC_ALL=C comm -23 - "$out/musl-libc.txt" |
  { grep -E '^(_Z|__cxa_|__dynamic_cast|__once_proxy)' || true; } >"$out/need.txt"
[ -s "$out/need.txt" ] || fail "$exe imports no C++ runtime symbols; is it a Bun musl executable?"
# ...and the symbols of its COPY relocations: the loader copies their initial contents (the
# type_info vtables) from the library that defines them. stdin, stdout, stderr and environ are
# among them; musl's libc defines those first, so naming them here changes nothing.
readelf -rW "$exe" | awk '$3 == "R_X86_64_COPY" { sub(/@.*/, "", $5); print $5 }' >>"$out/need.txt"
LC_ALL=C sort -u -o "$out/need.txt" "$out/need.txt"

gcc -O2 -fPIC -c "$here/musl-libstdcxx-shim.c" -o "$out/shim.o"
# -nostdlib: no glibc at all; the crt objects run the archives' constructors (crtbeginS/crtendS)
# and give the .so its _init/_fini (crti/crtn). --gc-sections keeps what the -u list reaches.
gcc -shared -nostdlib -o "$out/libstdc++.so.6" -Wl,-soname,libstdc++.so.6 \
  "$libc_dir/crti.o" "$gcc_dir/crtbeginS.o" "$out/shim.o" \
  $(sed 's/^/-Wl,-u,/' "$out/need.txt") -Wl,--gc-sections \
  "$gcc_dir/libstdc++.a" "$gcc_dir/libgcc_eh.a" "$gcc_dir/libgcc.a" \
  "$gcc_dir/crtendS.o" "$libc_dir/crtn.o"

# Every symbol the result still needs must come from musl's libc (weak ones may stay unresolved).
missing=$(nm -D --undefined-only "$out/libstdc++.so.6" | awk '$1 == "U"' | names |
  LC_ALL=C comm -23 - "$out/musl-libc.txt" | tr '\n' ' ')
[ -z "$missing" ] || fail "$out/libstdc++.so.6 needs symbols musl's libc.so lacks: ${missing% }"
# And every symbol asked for (bar EXECUTABLE's weak references) must be defined by one of the two.
nm -D "$out/libstdc++.so.6" | awk '$1 != "U" && $1 != "w"' | names | LC_ALL=C sort -u - "$out/musl-libc.txt" >"$out/defined.txt"
unmet=$(nm -D --undefined-only "$exe" | awk '$1 == "w"' | names | LC_ALL=C comm -13 - "$out/need.txt" |
  LC_ALL=C comm -23 - "$out/defined.txt" | tr '\n' ' ')
[ -z "$unmet" ] || fail "$out/libstdc++.so.6 lacks symbols $exe needs: ${unmet% }"
echo "$out/libstdc++.so.6: $(wc -l <"$out/need.txt") symbols asked for by $exe; it needs nothing beyond musl's libc"
