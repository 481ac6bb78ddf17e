#!/bin/sh
# Regenerate docs/themes.png: page 1 of the example brief under each built-in theme, side by side.
# Needs pdftoppm (poppler-utils) and Pillow (installed with the dev extras). Run from the repository root.
set -eu
BIN=${BIN:-.venv/bin}
SPEC=specs/world-military-expenditure-2023.yaml
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for theme in default print modern; do
    "$BIN/briefgen" build "$SPEC" -o "$WORK/$theme" --theme "$theme" --watermark "" >/dev/null 2>&1
    pdftoppm -r 66 -f 1 -l 1 -png "$WORK/$theme/$(basename "$SPEC" .yaml).pdf" "$WORK/$theme-page"
done
"$BIN/python" - "$WORK" <<'PY'
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

work = Path(sys.argv[1])
pages = [ImageOps.expand(Image.open(next(work.glob(f"{t}-page*.png"))), border=1, fill="#999999") for t in ("default", "print", "modern")]
gap, label = 24, 22
width = sum(p.width for p in pages) + gap * (len(pages) + 1)
height = max(p.height for p in pages) + gap + label + gap
sheet = Image.new("RGB", (width, height), "white")
draw = ImageDraw.Draw(sheet)
font = ImageFont.truetype("assets/fonts/NotoSans-Bold.ttf", 15)
x = gap
for name, page in zip(("default", "print", "modern"), pages):
    draw.text((x, gap // 2), f"--theme {name}", fill="black", font=font)
    sheet.paste(page, (x, gap + label))
    x += page.width + gap
sheet.save("docs/themes.png", optimize=True)
PY
echo "wrote docs/themes.png"
