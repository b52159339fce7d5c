//! `oneshot serve` end to end.
