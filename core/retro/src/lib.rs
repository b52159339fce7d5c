//! Retro pixel pipeline: downscale, palettes, quantisation, dithering, CRT and sprite sheets.
