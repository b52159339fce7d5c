//! Colour grading: looks from presets and 3D LUTs, applied to frames.
