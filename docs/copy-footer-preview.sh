#!/bin/sh
# Regenerate docs/copy-footer.png: the foot of pack page 4 of the example pack built as the copy for
# J. Smith (the mark opposite the pack footer, beside the banner). Needs pdftoppm (poppler-utils).
# Run from the repository root.
set -eu
BIN=${BIN:-.venv/bin}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'A. Jones\nB. Brown\nC. Clarke\nD. Davies\nE. Evans\nF. Fischer\nJ. Smith\n' > "$WORK/recipients.txt"
"$BIN/briefgen" pack packs/example-meeting.yaml --copies-for "$WORK/recipients.txt" -o "$WORK/pack.pdf" >/dev/null
# At 110 dpi an A4 page is 910 x 1286 pixels; the footer, from its rule down, is rows 1198 to 1264.
pdftoppm -r 110 -f 4 -l 4 -x 60 -y 1198 -W 800 -H 66 -png -singlefile "$WORK/pack.copy-7.pdf" docs/copy-footer
echo "wrote docs/copy-footer.png"
