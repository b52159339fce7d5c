//! `oneshot plan` end to end.
