//! oneshot local-socket server: one named thread per connection, dispatch to the core crates.
