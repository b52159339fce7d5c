//! Wardrobe and hair & makeup continuity (work in progress).
