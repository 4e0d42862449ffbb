#!/usr/bin/env bash
# Makes tests/fixtures/formats/: three agencies' generated report workbooks saved again by
# LibreOffice (headless) as .xls (Excel 97–2003), .ods and .xlsx, with the generator's truth for
# those three agencies. Needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-calc-nogui
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q
bin="${CARGO_TARGET_DIR:-target}/debug/tonghop"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=tests/fixtures/formats
rm -rf "$out" && mkdir -p "$out"
"$bin" sample --ra "$work/sample" --hat-giong 2027 --thieu 0 --tre 0 --dap-an "$work/truth.json" >/dev/null
soffice --headless --norestore --convert-to xls --outdir "$out" "$work/sample/so-y-te.xlsx" >/dev/null 2>&1
soffice --headless --norestore --convert-to ods --outdir "$out" "$work/sample/so-noi-vu.xlsx" >/dev/null 2>&1
mkdir -p "$work/resaved"
soffice --headless --norestore --convert-to xlsx --outdir "$work/resaved" "$work/sample/so-cong-thuong.xlsx" >/dev/null 2>&1
cp "$work/resaved/so-cong-thuong.xlsx" "$out/"
python3 - "$work/truth.json" "$out/truth.json" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1], encoding="utf-8"))
keep = {"so-y-te", "so-noi-vu", "so-cong-thuong"}
sent = [a for a in truth["sent"] if a["agency"] in keep]
json.dump({"sent": sent}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
ls -la "$out"

# A password-protected workbook (password "matkhau"), encrypted with msoffcrypto-tool from PyPI:
#   pip install msoffcrypto-tool
if command -v msoffcrypto-tool >/dev/null; then
  mkdir -p tests/fixtures/encrypted
  msoffcrypto-tool -e -p matkhau "$out/so-cong-thuong.xlsx" tests/fixtures/encrypted/khoa.xlsx
fi
