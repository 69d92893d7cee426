#!/usr/bin/env bash
# Renders images/icon.png (128x128): a shield holding a certificate seal, for the Marketplace tile.
# Needs Debian's imagemagick (/usr/bin/convert); the committed PNG is what ships.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/convert -size 128x128 xc:none \
  -fill '#1f4e79' -draw 'roundrectangle 4,4 123,123 22,22' \
  -fill '#ffffff' -draw 'path "M 64,16 L 104,30 L 104,62 C 104,88 86,104 64,114 C 42,104 24,88 24,62 L 24,30 Z"' \
  -fill '#1f4e79' -draw 'path "M 64,26 L 95,37 L 95,62 C 95,82 82,95 64,104 C 46,95 33,82 33,62 L 33,37 Z"' \
  -fill '#f2b134' -draw 'circle 64,58 64,76' \
  -fill '#1f4e79' -draw 'circle 64,58 64,68' \
  -fill '#f2b134' -draw 'polygon 54,72 50,96 60,90 64,74' -draw 'polygon 74,72 78,96 68,90 64,74' \
  -fill '#ffffff' -draw 'polygon 59,57 63,62 71,51 73,53 63,66 57,59' \
  -depth 8 -strip images/icon.png
