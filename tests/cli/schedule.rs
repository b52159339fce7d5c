//! `oneshot schedule` end to end.
