#!/usr/bin/env bash
# The retro pipeline measured against the tools people use today, in one run:
#
#   1. quality: mean CIEDE2000 to the source at 16 and 256 colours, no dithering,
#      `oneshot retro --colors N` vs `pngquant --nofs N`, on the corpus photos; and with
#      Floyd-Steinberg dithering on both, compared after a low-pass blur;
#   2. speed: a sequence of 1080p PNGs through the CLI (resize to 320x180,
#      Floyd-Steinberg, remap to the PICO-8 palette) vs ImageMagick doing the same job
#      in one process; prints the ratio;
#   3. flicker: for every dither, the fraction of pixels that change between consecutive
#      frames of a static shot with slight noise (fixed palette, so only dithering moves).
#
# The in-memory throughput (1080p -> native, ordered dithering) is a criterion bench:
#   cargo bench -p oneshot-retro --bench retro -- ordered_1080p
#
# Usage: tests/bench/retro_vs_peers.sh [FRAMES]   (FRAMES in the speed sequence, default 24)
# Needs pngquant, ImageMagick (convert-im6.q16 or convert) and hyperfine; the photos come from
# the shared corpus (../shared/corpus/images, or $ONESHOT_CORPUS/images).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${ONESHOT_CORPUS:-$repo/../shared/corpus}
images=$corpus/images
frames=${1:-24}
if [ ! -d "$images" ]; then
    echo "corpus absent ($images): nothing to measure"
    exit 0
fi
magick=$(command -v convert-im6.q16 || command -v convert)
for tool in pngquant hyperfine "$magick"; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done

cd "$repo"
cargo build --release --quiet --bin oneshot
cargo build --release --quiet -p oneshot-retro --example retro_metrics
target=${CARGO_TARGET_DIR:-$repo/target}/release
oneshot=$target/oneshot
metrics=$target/examples/retro_metrics
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { # field NAME: the value of "NAME": from JSON lines on stdin
    grep -o "\"$1\": [0-9.]*" | awk '{print $2}'
}
mean() { awk '{s += $1; n++} END {printf "%.3f", s / n}'; }

echo "== 1. quality: mean CIEDE2000 to the source (lower is better) =="
printf "%-20s %8s %8s %8s %8s\n" image pq-16 us-16 pq-256 us-256
: >"$work/quality"
for img in "$images"/*.png; do
    name=$(basename "$img" .png)
    row="$name"
    for n in 16 256; do
        pngquant --nofs --speed 1 --force --output "$work/pq.png" "$n" -- "$img"
        "$oneshot" retro "$img" -o "$work/us.png" --colors "$n"
        read -r pq us < <("$metrics" quality "$img" "$work/pq.png" "$work/us.png" | field delta_e | paste -sd' ')
        echo "$n $pq $us" >>"$work/quality"
        row=$(printf "%s %8.3f %8.3f" "$row" "$pq" "$us")
    done
    echo "$row" | awk '{printf "%-20s %8s %8s %8s %8s\n", $1, $2, $3, $4, $5}'
done
for n in 16 256; do
    pq=$(awk -v n="$n" '$1 == n {print $2}' "$work/quality" | mean)
    us=$(awk -v n="$n" '$1 == n {print $3}' "$work/quality" | mean)
    echo "mean at $n colours: pngquant $pq, oneshot $us"
done

echo
echo "== 1b. dithered quality: mean CIEDE2000 after a low-pass blur, 16 colours =="
: >"$work/dithered"
for img in "$images"/*.png; do
    pngquant --speed 1 --force --output "$work/pq.png" 16 -- "$img"
    "$oneshot" retro "$img" -o "$work/us.png" --colors 16 --dither floyd-steinberg
    "$metrics" quality "$img" "$work/pq.png" "$work/us.png" | field delta_e_blurred | paste -sd' ' >>"$work/dithered"
done
echo "mean blurred: pngquant (dithered) $(awk '{print $1}' "$work/dithered" | mean), oneshot floyd-steinberg $(awk '{print $2}' "$work/dithered" | mean)"

echo
echo "== 2. speed: $frames frames 1920x1080 -> 320x180, Floyd-Steinberg, PICO-8 palette =="
"$magick" "$images/macaws.png" -resize '1920x1080!' "$work/base.png"
"$metrics" noisy "$work/base.png" "$frames" "$work/seq"
swatches=()
while read -r hex; do swatches+=("xc:#$hex"); done <"$repo/presets/palettes/pico8.hex"
"$magick" "${swatches[@]}" +append "$work/pico8.png"
mkdir -p "$work/out_im"
hyperfine --runs 3 --warmup 1 --export-json "$work/speed.json" \
    -n oneshot "$oneshot retro $work/seq -o $work/out_us --size 320x180 --dither floyd-steinberg --palette pico8" \
    -n imagemagick "$magick $work/seq/*.png -resize '320x180!' -dither FloydSteinberg -remap $work/pico8.png $work/out_im/%04d.png"
read -r ours theirs < <(grep -o '"mean": [0-9.e-]*' "$work/speed.json" | awk '{print $2}' | paste -sd' ')
awk -v a="$ours" -v b="$theirs" -v n="$frames" \
    'BEGIN {printf "oneshot %.3f s (%.1f frames/s), ImageMagick %.3f s: oneshot is %.1fx faster\n", a, n / a, b, b / a}'

echo
echo "== 3. flicker: fraction of pixels changing between frames of a static noisy shot =="
"$magick" "$images/macaws.png" -resize '640x360!' "$work/still.png"
"$metrics" noisy "$work/still.png" 8 "$work/still_seq"
for dither in none bayer2 bayer4 bayer8 blue-noise floyd-steinberg atkinson jjn stucki burkes sierra sierra2 sierra-lite; do
    "$oneshot" retro "$work/still_seq" -o "$work/flicker_$dither" --palette pico8 --dither "$dither"
    printf "%-16s %s\n" "$dither" "$("$metrics" flicker "$work/flicker_$dither"/*.png)"
done
