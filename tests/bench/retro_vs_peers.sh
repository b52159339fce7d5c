#!/usr/bin/env bash
# The retro pipeline measured against the tools people use today, in one run:
#
#   1. quality: mean CIEDE2000 to the source at 16 and 256 colours, no dithering,
#      `oneshot retro --colors N` vs `pngquant --nofs N`; and with dithering on both
#      (our Floyd-Steinberg, pngquant's own) at 16 colours, compared after a low-pass
#      blur. Measured on the corpus photos and on frames rendered by Blender;
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
#
# Rendered frames: FRAMES_DIR=DIR takes the PNGs in DIR (raw renders: the frames of
# `make demo` already carry the example's retro look). Without it, three scenes of the
# example production are rendered with Workbench through the add-on, at 540 lines and
# without a retro look; that needs a Python with the bpy module and maturin (PYTHON,
# default .venv/bin/python, which `make venv` sets up).
#
# Needs pngquant, ImageMagick (convert-im6.q16 or convert) and hyperfine; the photos come
# from the shared corpus (../shared/corpus/images, or $ONESHOT_CORPUS/images) and are
# skipped when it is absent.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${ONESHOT_CORPUS:-$repo/../shared/corpus}
python=${PYTHON:-$repo/.venv/bin/python}
frames=${1:-24}
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

field() { # field NAME: the values of "NAME": from JSON lines on stdin
    grep -o "\"$1\": [0-9.]*" | awk '{print $2}'
}
mean() { awk '{s += $1; n++} END {printf "%.4f", s / n}'; }

# Renders scenes 1, 4 and 7 of the example production (day interior, night exterior,
# dawn street) into $work/render, through the add-on and a server of this build on a
# private socket. Prints the key frames' paths.
render_frames() {
    "$python" -c "import bpy" 2>/dev/null || {
        echo "no bpy module in $python: set FRAMES_DIR or PYTHON (see the header)" >&2
        return 1
    }
    "$(dirname "$python")/maturin" build --quiet --release -m ipc/python/Cargo.toml \
        -o "$work/wheels" >&2
    mkdir -p "$work/py" "$work/run"
    chmod 700 "$work/run"
    "$python" -m zipfile -e "$work"/wheels/oneshot_ipc-*.whl "$work/py"
    awk '/^(INT|EXT)[. ]/ {scene++} scene == 0 || scene == 1 || scene == 4 || scene == 7' \
        examples/alley-kings.fountain >"$work/alley-kings.fountain"
    awk '/^\[/ {skip = ($0 == "[retro]")} !skip' examples/alley-kings.toml |
        sed 's/^height = .*/height = 540/' >"$work/alley-kings.toml"
    PYTHONPATH="$work/py" XDG_RUNTIME_DIR="$work/run" ONESHOT_SERVER="$oneshot" \
        "$python" examples/run.py --script "$work/alley-kings.fountain" \
        --production "$work/alley-kings.toml" --out "$work/render" --engine workbench >&2
    ls "$work"/render/frames/*.png
}

# quality LABEL IMAGE...: the quality table for one set of images.
quality() {
    local label=$1 img name n pq us
    shift
    echo "-- $label: mean CIEDE2000 to the source (lower is better)"
    printf "%-20s %8s %8s %8s %8s %10s %10s\n" image pq-16 us-16 pq-256 us-256 pq-dith16 us-fs16
    : >"$work/quality"
    for img in "$@"; do
        name=$(basename "$img" .png)
        for n in 16 256; do
            pngquant --nofs --speed 1 --force --output "$work/pq.png" "$n" -- "$img"
            "$oneshot" retro "$img" -o "$work/us.png" --colors "$n"
            "$metrics" quality "$img" "$work/pq.png" "$work/us.png" | field delta_e | paste -sd' '
        done
        pngquant --speed 1 --force --output "$work/pq.png" 16 -- "$img"
        "$oneshot" retro "$img" -o "$work/us.png" --colors 16 --dither floyd-steinberg
        "$metrics" quality "$img" "$work/pq.png" "$work/us.png" | field delta_e_blurred | paste -sd' '
    done | paste -d' ' - - - >"$work/quality"
    paste -d' ' <(for img in "$@"; do basename "$img" .png; done) "$work/quality" |
        awk '{printf "%-20s %8.3f %8.3f %8.3f %8.3f %10.3f %10.3f\n", $1, $2, $3, $4, $5, $6, $7}'
    awk '{for (i = 1; i <= 6; i++) s[i] += $i; n++}
        END {printf "%-20s %8.3f %8.3f %8.3f %8.3f %10.3f %10.3f\n", "MEAN", s[1]/n, s[2]/n, s[3]/n, s[4]/n, s[5]/n, s[6]/n}' \
        "$work/quality"
    awk -v label="$label" '{for (i = 1; i <= 6; i++) s[i] += $i}
        END {
            verdict = (s[2] <= s[1] && s[4] <= s[3]) ? "no worse than pngquant" : "WORSE than pngquant"
            printf "%s without dithering: %s at 16 and 256 colours\n", label, verdict
        }' "$work/quality"
    echo
}

echo "== 1. quality (pq = pngquant --speed 1, us = oneshot; dith16: blurred, dithered) =="
photos=()
if [ -d "$corpus/images" ]; then
    photos=("$corpus"/images/*.png)
    quality "corpus photos" "${photos[@]}"
else
    echo "corpus absent ($corpus/images): photos skipped"
fi
if [ -n "${FRAMES_DIR:-}" ]; then
    mapfile -t rendered < <(ls "$FRAMES_DIR"/*.png)
else
    mapfile -t rendered < <(render_frames || true)
fi
if [ ${#rendered[@]} -gt 0 ]; then
    quality "rendered frames" "${rendered[@]}"
else
    echo "no rendered frames: skipped"
fi

# The source of the speed and flicker runs: a photo, else a rendered frame.
if [ -d "$corpus/images" ]; then
    still=$corpus/images/macaws.png
elif [ ${#rendered[@]} -gt 0 ]; then
    still=${rendered[0]}
else
    echo "no photo and no rendered frame: nothing more to measure"
    exit 0
fi

echo "== 2. speed: $frames frames 1920x1080 -> 320x180, Floyd-Steinberg, PICO-8 palette =="
"$magick" "$still" -resize '1920x1080!' "$work/base.png"
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
"$magick" "$still" -resize '640x360!' "$work/still.png"
"$metrics" noisy "$work/still.png" 8 "$work/still_seq"
for dither in none bayer2 bayer4 bayer8 blue-noise floyd-steinberg atkinson jjn stucki burkes sierra sierra2 sierra-lite; do
    "$oneshot" retro "$work/still_seq" -o "$work/flicker_$dither" --palette pico8 --dither "$dither"
    printf "%-16s %s\n" "$dither" "$("$metrics" flicker "$work/flicker_$dither"/*.png)"
done
