#!/usr/bin/env bash
# Opens every form `tonghop template` writes in LibreOffice (headless) and checks that:
#  1. each converts to .ods without error (no repair needed: a repaired or unreadable file
#     fails the conversion or loses its content);
#  2. the status drop-down survives with exactly the four statuses;
#  3. filled forms saved by LibreOffice (.ods) read back through `tonghop check` with no error.
# Optionally renders the Sở Y tế form's task sheet to PNG (first argument: the PNG path).
# Needs LibreOffice: apt-get install -y --no-install-recommends libreoffice-calc-nogui
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "cần LibreOffice (soffice)"; exit 2; }
cargo build -q
bin="${CARGO_TARGET_DIR:-target}/debug/tonghop"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s#plan = \"templates/plans/kh-nq57-hue.toml\"#plan = \"$PWD/templates/plans/kh-nq57-hue.toml\"#" tonghop.toml > "$work/tonghop.toml"

"$bin" -C "$work" template --ra forms >/dev/null
n=$(ls "$work/forms"/*.xlsx | wc -l)
mkdir -p "$work/ods"
soffice --headless --norestore --convert-to ods --outdir "$work/ods" "$work/forms"/*.xlsx >/dev/null 2>&1
m=$(ls "$work/ods"/*.ods | wc -l)
echo "biểu mẫu: $n tệp .xlsx, LibreOffice chuyển được $m tệp .ods"
[ "$n" -eq "$m" ] || { echo "LỖI: có biểu mẫu LibreOffice không mở được"; exit 1; }

expected='&quot;Hoàn thành&quot;;&quot;Đang thực hiện&quot;;&quot;Thường xuyên&quot;;&quot;Chưa thực hiện&quot;'
bad=0
for f in "$work/ods"/*.ods; do
  # Every list validation that offers a status must offer exactly the four statuses.
  content=$(unzip -p "$f" content.xml)
  status_lists=$(grep -ao 'cell-content-is-in-list([^)]*)' <<<"$content" | grep -a 'Hoàn thành' | sort -u || true)
  if ! grep -aq 'table:name="Nhiệm vụ"' <<<"$content"; then
    continue  # an agency that only tracks indicators has no task sheet
  fi
  if [ "$status_lists" != "cell-content-is-in-list($expected)" ]; then
    echo "LỖI: $(basename "$f"): danh sách tình trạng: ${status_lists:-không có}"; bad=1
  fi
done
if [ "$bad" -ne 0 ]; then exit 1; fi
echo "danh sách chọn tình trạng: đúng 4 tình trạng trong cả $m biểu mẫu"

"$bin" -C "$work" sample --ra sample --thieu 0 --tre 0 >/dev/null
mkdir -p "$work/sample-ods"
soffice --headless --norestore --convert-to ods --outdir "$work/sample-ods" "$work/sample"/*.xlsx >/dev/null 2>&1
out=$("$bin" -C "$work" --im-lang check --vao sample-ods 2>&1 || true)
echo "$out" | grep -E "Cơ quan đã báo cáo|Sai sót"
grep -q "Sai sót:              0 lỗi, 0 cảnh báo" <<<"$out" || { echo "LỖI: biểu mẫu đã điền, lưu bằng LibreOffice, đọc lại có sai sót"; echo "$out" | head -20; exit 1; }

if [ $# -ge 1 ]; then
  soffice --headless --norestore --convert-to pdf --outdir "$work" "$work/forms/Biểu mẫu - Sở Y tế.xlsx" >/dev/null 2>&1
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/Biểu mẫu - Sở Y tế.pdf" "${1%.png}"
  echo "ảnh trang nhiệm vụ: $1"
fi
echo "OK"
