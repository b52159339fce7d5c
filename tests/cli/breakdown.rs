//! `oneshot breakdown` end to end.
