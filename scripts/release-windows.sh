#!/usr/bin/env bash
# Builds tonghop.exe for 64-bit Windows on a Linux machine and packages what an officer unzips:
#   dist/tonghop-<version>-windows-x64.zip
#     tonghop-<version>/tonghop.exe      the program (release build, C runtime linked in)
#     tonghop-<version>/tonghop.toml     the workspace's config, as shipped
#     tonghop-<version>/templates/       plans, fonts, Typst templates
#     tonghop-<version>/input/           the demo cycle, to practise on
#     tonghop-<version>/output/          where reports are written
#     tonghop-<version>/vi-du/           the second plan's workspace
#     tonghop-<version>/HUONG-DAN.txt    the first steps, in Vietnamese
#
# Needs (Debian): rustup target add x86_64-pc-windows-gnu; apt-get install gcc-mingw-w64-x86-64 zip
# A cold build takes about 30 minutes on 2 cores. Not part of .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR=${TONGHOP_WINDOWS_TARGET_DIR:-$HOME/.cache/tonghop-windows-target}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# The C runtime, libgcc and winpthreads linked in: no DLL beside the exe that Windows lacks.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C target-feature=+crt-static"
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "cần gcc-mingw-w64-x86-64" >&2; exit 2; }
command -v zip >/dev/null || { echo "cần zip" >&2; exit 2; }

version=$(grep -m1 '^version' "$repo/Cargo.toml" | cut -d'"' -f2)
start=$(date +%s)
cargo build --locked --profile dist --target "$target" --manifest-path "$repo/Cargo.toml" --bin tonghop
exe="$CARGO_TARGET_DIR/$target/dist/tonghop.exe"
echo "tonghop.exe: $(du -h "$exe" | cut -f1), built in $(( $(date +%s) - start )) s"

# Only DLLs of Windows itself (System32 of Windows 10 and later) may be imported; never a
# MinGW runtime (libgcc_s_seh-1, libwinpthread-1, libstdc++-6).
allowed='^(kernel32|kernelbase|ntdll|advapi32|ws2_32|userenv|bcrypt|bcryptprimitives|msvcrt|ucrtbase|user32|shell32|ole32|oleaut32|combase|secur32|crypt32|gdi32|pdh|powrprof|psapi|shlwapi|dbghelp|iphlpapi|ncrypt|api-ms-win-.*)\.dll$'
imports=$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name:/ { print tolower($3) }' | sort -u)
echo "DLL: $(echo $imports)"
if echo "$imports" | grep -Evq "$allowed"; then
    echo "tonghop.exe cần DLL không có sẵn trên Windows: $(echo "$imports" | grep -Ev "$allowed" | tr '\n' ' ')" >&2
    exit 1
fi

name="tonghop-$version"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/output"
cp "$exe" "$stage/$name/"
cp "$repo/tonghop.toml" "$stage/$name/"
cp -r "$repo/templates" "$repo/input" "$stage/$name/"
mkdir -p "$stage/$name/vi-du"
for w in "$repo"/vi-du/*/; do
    mkdir -p "$stage/$name/vi-du/$(basename "$w")"
    cp "$w/tonghop.toml" "$stage/$name/vi-du/$(basename "$w")/"
    [ -d "$w/input" ] && cp -r "$w/input" "$stage/$name/vi-du/$(basename "$w")/"
done
cp "$repo/scripts/HUONG-DAN.txt" "$stage/$name/HUONG-DAN.txt"
# Windows Notepad reads it as UTF-8 with its byte-order mark, and wants CR LF.
printf '\xef\xbb\xbf' > "$stage/$name/HUONG-DAN.tmp"
sed 's/$/\r/' "$stage/$name/HUONG-DAN.txt" >> "$stage/$name/HUONG-DAN.tmp"
mv "$stage/$name/HUONG-DAN.tmp" "$stage/$name/HUONG-DAN.txt"
mkdir -p "$repo/dist"
zip_path="$repo/dist/$name-windows-x64.zip"
rm -f "$zip_path"
(cd "$stage" && zip -qr -X "$zip_path" "$name")
echo "$zip_path: $(du -h "$zip_path" | cut -f1)"
