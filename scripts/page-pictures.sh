#!/usr/bin/env bash
# Pictures of the demo report's pages as a văn thư sees them, for docs/: page 1, the first page
# of section III (difficulties, grouped by theme), and a page of Phụ lục II where a task's
# agencies go on from the page before ("… (tiếp theo)").
#
#   scripts/page-pictures.sh [folder]     (default docs/; needs pdftoppm and pdftotext: poppler-utils)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/docs}
command -v pdftoppm >/dev/null || { echo "cần pdftoppm (gói poppler-utils)" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/tonghop-target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --manifest-path "$repo/Cargo.toml" --bin tonghop
# Exit 1 only says the demo input has problems (its late files); the report is written.
"$CARGO_TARGET_DIR/debug/tonghop" -C "$repo" --im-lang run --ra "$work/out" >/dev/null 2>&1 || [ $? -eq 1 ]
pdf=$(ls "$work"/out/*.pdf)
# The page (1-based) of the first form feed-separated page of the PDF's text matching $1.
page_of() { pdftotext -layout "$pdf" - | awk -v RS='\f' -v pat="$1" '!found && $0 ~ pat { print NR; found = 1 }'; }
three=$(page_of "III\\. KHÓ KHĂN")
continued=$(page_of "\\(tiếp theo\\)")
mkdir -p "$out"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$pdf" "$out/bao-cao-trang-1"
pdftoppm -r 70 -png -f "$three" -l "$three" -singlefile "$pdf" "$out/bao-cao-muc-iii"
if [ -n "$continued" ]; then
    pdftoppm -r 70 -png -f "$continued" -l "$continued" -singlefile "$pdf" "$out/bao-cao-phu-luc-ii-tiep-theo"
fi
echo "$(pdfinfo "$pdf" | grep -E '^Pages') — trang 1, mục III (trang $three), Phụ lục II tiếp theo (trang ${continued:-không có}) trong $out"
