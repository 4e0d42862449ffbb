#!/usr/bin/env bash
# The Word report, printed by LibreOffice, measured by the ND30 layout checks of tests/suite/layout.rs.
#
# Runs the main job on the shipped demo input (outputs in a temporary folder), converts the .docx
# to PDF with LibreOffice headless, and runs the ignored test
# `the_word_report_printed_by_libreoffice_follows_nd30` on that PDF. Outside `cargo test`: it
# needs LibreOffice Writer (Debian/Ubuntu: apt-get install libreoffice-writer-nogui).
#
#   scripts/docx-layout.sh            measure
#   scripts/docx-layout.sh docs/      also write page 1 and the first appendix page as PNG there
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pictures=${1:-}
command -v soffice >/dev/null || { echo "cần LibreOffice (soffice) để chạy kiểm tra này" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/tonghop-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --manifest-path "$repo/Cargo.toml" --bin tonghop
# Exit 1 only says the demo input has problems (its late files); the report is written.
"$CARGO_TARGET_DIR/debug/tonghop" -C "$repo" --im-lang run --ra "$work/out" >/dev/null 2>&1 || [ $? -eq 1 ]
docx=$(ls "$work"/out/*.docx)
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work/pdf" "$docx" >/dev/null 2>&1
pdf="$work/pdf/$(basename "${docx%.docx}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice không chuyển được $docx" >&2; exit 2; }
echo "LibreOffice: $(pdfinfo "$pdf" 2>/dev/null | grep -E '^Pages' || echo '? pages') (PDF of tonghop: $(pdfinfo "$work"/out/*.pdf 2>/dev/null | grep -E '^Pages' || echo '?'))"

measure() {
    TONGHOP_DOCX_PDF="$1" TONGHOP_PDF=$(ls "$work"/out/*.pdf) cargo test -q --manifest-path "$repo/Cargo.toml" --test suite -- \
        --ignored --exact layout::the_word_report_printed_by_libreoffice_follows_nd30
}
measure "$pdf"

# As an officer would: a sentence added to section I's first paragraph, a word changed in an
# assessment, saved, exported again: the same measurements hold.
mkdir -p "$work/edited"
python3 - "$docx" "$work/edited/$(basename "$docx")" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "word/document.xml":
            text = data.decode("utf-8")
            anchor = "để tổng hợp.</w:t>"
            assert anchor in text, "section I's first paragraph"
            text = text.replace(anchor, "để tổng hợp. Lãnh đạo Sở đã chủ trì hội nghị sơ kết với các cơ quan, đơn vị để đánh giá tiến độ và thống nhất giải pháp tháo gỡ khó khăn.</w:t>", 1)
            text = text.replace("Chưa đạt</w:t>", "Chưa đạt mục tiêu</w:t>", 1)
            data = text.encode("utf-8")
        zout.writestr(item, data)
PY
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work/edited-pdf" \
    "$work/edited/$(basename "$docx")" >/dev/null 2>&1
edited="$work/edited-pdf/$(basename "$pdf")"
pdftotext "$edited" - | tr -s " \n" "  " | grep -q "Lãnh đạo Sở đã chủ trì hội nghị sơ kết" || { echo "câu đã sửa không có trong bản PDF" >&2; exit 1; }
echo "Sau khi sửa một câu và xuất lại PDF:"
measure "$edited"

if [ -n "$pictures" ]; then
    mkdir -p "$pictures"
    first_appendix=$(pdftotext "$pdf" - | awk -v RS='\f' '!found && /\(Kèm theo Báo cáo số/ { print NR; found = 1 }')
    pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$pdf" "$pictures/bao-cao-word-trang-1"
    pdftoppm -r 80 -png -f "$first_appendix" -l "$first_appendix" -singlefile "$pdf" "$pictures/bao-cao-word-phu-luc-1"
    echo "Ảnh: $pictures/bao-cao-word-trang-1.png, $pictures/bao-cao-word-phu-luc-1.png (trang $first_appendix)"
fi
