#!/bin/sh
# Regenerate docs/booklet-sheet.png: the back of the first sheet of the example pack imposed as a booklet
# (pack pages 2 and 7), with the fold marked. Needs pdftoppm (poppler-utils) and Pillow (installed with the
# dev extras). Run from the repository root.
set -eu
BIN=${BIN:-.venv/bin}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN/briefgen" pack packs/example-meeting.yaml --booklet -o "$WORK/booklet.pdf" >/dev/null
pdftoppm -r 60 -f 2 -l 2 -png "$WORK/booklet.pdf" "$WORK/side"
"$BIN/python" - "$WORK" <<'PY'
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

side = Image.open(next(Path(sys.argv[1]).glob("side*.png"))).convert("RGB")
draw = ImageDraw.Draw(side)
fold = side.width // 2
for y in range(0, side.height, 12):  # a dashed line where the sheet is folded
    draw.line([(fold, y), (fold, y + 6)], fill="#9a9a9a", width=1)
ImageOps.expand(side, border=1, fill="#999999").save("docs/booklet-sheet.png", optimize=True)
PY
echo "wrote docs/booklet-sheet.png"
