//! `oneshot retro` end to end.
