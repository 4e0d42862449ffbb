#!/usr/bin/env bash
# The packaged tonghop.exe on an officer's PC, as Wine can stand in for one: the zip unzipped
# into a fresh folder whose path has a space, the exe run there, its results held against the
# Linux build's. Contributors run it after scripts/release-windows.sh; not part of .ci/run (the
# cross-build alone takes about 30 minutes).
#
# Needs (Debian): wine, gcc-mingw-w64-x86-64, unzip, cmp. Under Wine 8 the exe needs a stand-in
# for bcryptprimitives.dll (every Windows 10+ has it; Wine 8 does not): built here from
# scripts/wine/, put beside the exe in the test folder only, never in the zip.
#
#   scripts/test-windows-under-wine.sh [dist/tonghop-<version>-windows-x64.zip]
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
zip=${1:-$(ls "$repo"/dist/tonghop-*-windows-x64.zip 2>/dev/null | tail -1)}
[ -f "$zip" ] || { echo "chưa có gói zip: chạy scripts/release-windows.sh trước" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/tonghop-target}
export WINEDEBUG=-all
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/tonghop-wine}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
check() { # name, then a command that must succeed
    local name=$1; shift
    if "$@" >>"$work/log" 2>&1; then echo "đạt      $name"; else echo "KHÔNG ĐẠT $name"; failed=$((failed + 1)); fi
}

# The officer's folder: a space and diacritics in its path.
folder="$work/Báo cáo NQ57"
mkdir -p "$folder"
unzip -q "$zip" -d "$work/unzip"
cp -r "$work"/unzip/tonghop-*/. "$folder/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$folder/bcryptprimitives.dll" \
    "$repo/scripts/wine/bcryptprimitives.c" "$repo/scripts/wine/bcryptprimitives.def" -ladvapi32
wineboot -i >/dev/null 2>&1 || true
exe() { (cd "$folder" && wine ./tonghop.exe "$@"); }

# The Linux build on the same folder's copy: the reference.
cargo build -q --manifest-path "$repo/Cargo.toml" --bin tonghop
linux=$CARGO_TARGET_DIR/debug/tonghop
cp -r "$folder" "$work/linux"
"$linux" -C "$work/linux" --im-lang run >/dev/null 2>&1

echo "== run (chạy như nháy đúp: không tham số, từ thư mục khác)"
(cd "$work" && wine "$folder/tonghop.exe" </dev/null >"$work/run.txt" 2>&1); code=$?
check "run: mã thoát 1 (dữ liệu mẫu có tệp trễ hạn)" test "$code" -eq 1
check "run: báo cáo PDF giống hệt bản Linux" cmp "$folder/output/bao-cao-2026-6-thang-cuoi-nam.pdf" "$work/linux/output/bao-cao-2026-6-thang-cuoi-nam.pdf"
check "run: báo cáo Word, bảng Excel, biểu mẫu" test -s "$folder/output/bao-cao-2026-6-thang-cuoi-nam.docx" -a -s "$folder/output/bao-cao-2026-6-thang-cuoi-nam.xlsx"
check "run: tiếng Việt trên màn hình" grep -q "Tổng hợp xong" "$work/run.txt"
check "run: không có đường dẫn \\\\?\\" bash -c "! grep -rqa '\\\\\\\\?\\\\' '$work/run.txt' '$folder/output/'*.txt '$folder/output/'*.json"

echo "== check, template, sample, nhac"
exe --im-lang check >"$work/check.txt" 2>&1; check "check: mã thoát 1" test $? -eq 1
check "check: kết quả như bản Linux" bash -c "'$linux' -C '$work/linux' --im-lang check 2>&1 | grep -c . | grep -qx \"\$(grep -c . '$work/check.txt')\""
exe --im-lang template >/dev/null 2>&1; check "template: biểu mẫu từng cơ quan" bash -c "test \$(ls '$folder/output/bieu-mau' | wc -l) -gt 60"
exe --im-lang nhac >/dev/null 2>&1; check "nhac: công văn đôn đốc" test -s "$folder/output/cong-van-don-doc-2026-6-thang-cuoi-nam.pdf"
exe --im-lang sample --ra "tap\\input" --loi 3 --thieu 2 --tre 0 >/dev/null 2>&1
check "sample: đường dẫn Windows (tap\\input)" test -d "$folder/tap/input"
exe --im-lang run --vao "tap\\input" --ra "tap\\output" >"$work/round.txt" 2>&1
check "vòng trả lại: 3 biểu mẫu trả lại" bash -c "test \$(ls '$folder/tap/output/tra-lai' | wc -l) -eq 3"

echo "== kế hoạch: xem, nhập từ văn bản Word"
exe --im-lang ke-hoach xem "templates\\plans\\kh-98-2024.toml" >"$work/xem.txt" 2>&1
check "ke-hoach xem: như bản Linux" bash -c "'$linux' -C '$work/linux' ke-hoach xem templates/plans/kh-98-2024.toml 2>&1 | tr -d '\r' | cmp -s - <(tr -d '\r' < '$work/xem.txt')"
cp "$repo/tests/fixtures/plans/kh-98-2024.docx" "$folder/Kế hoạch 98.docx"
exe --im-lang ke-hoach nhap "Kế hoạch 98.docx" >/dev/null 2>&1; code=$?
check "ke-hoach nhap: tệp kế hoạch, mã thoát 1 (còn chỗ cần xem)" bash -c "test $code -eq 1 && grep -q 'code = \"2.29\"' '$folder/kh-98-2024.toml'"

echo "== kế hoạch thứ hai, tên tệp có dấu"
exe --im-lang -C "vi-du\\kh-98-2024" run >/dev/null 2>&1; check "kế hoạch 98: báo cáo" test -s "$folder/vi-du/kh-98-2024/output/bao-cao-nam-2024.pdf"
cp "$folder/input/cong-an.xlsx" "$folder/input/Công an thành phố (gửi lại).xlsx"
exe --im-lang check >"$work/dau.txt" 2>&1
check "tên tệp có dấu được đọc" grep -q "Công an thành phố (gửi lại).xlsx" "$work/dau.txt"
rm -f "$folder/input/Công an thành phố (gửi lại).xlsx"

echo "== tệp làm bộ đọc dừng hoặc treo"
fault_run() { (cd "$folder" && TONGHOP_FAULT_READ="abort=bchqs.xlsx;hang=bv-tw-hue.xlsx" TONGHOP_READ_TIMEOUT=3 \
    WINEDEBUG=-all wine ./tonghop.exe --im-lang check >"$work/fault.txt" 2>&1); }
fault_run
check "tệp dừng bất thường được báo bằng tiếng Việt" grep -q "bộ đọc dừng bất thường" "$work/fault.txt"
check "tệp treo được cắt sau 3 giây" grep -q "đọc tệp quá 3 giây" "$work/fault.txt"
check "không có tiếng Anh (exit code)" bash -c "! grep -qi 'exit code' '$work/fault.txt'"

echo
if [ "$failed" -eq 0 ]; then echo "Tất cả đều đạt dưới Wine."; else echo "$failed mục không đạt:"; tail -40 "$work/log"; fi
exit "$failed"
