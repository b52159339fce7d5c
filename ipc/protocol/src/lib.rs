//! oneshot wire protocol: framing, handshake, messages and the client.
