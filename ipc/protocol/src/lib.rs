//! oneshot wire protocol: framing, handshake, messages and the client.
//!
//! The server (`oneshot-server`) and its clients (`oneshot ping`, the Python module
//! the Blender add-on uses) talk over a local socket:
//!
//! 1. handshake: magic and protocol version both ways ([`frame`]);
//! 2. then frames, each one [`Envelope`] holding a request id and a [`Request`]
//!    (client to server) or a [`Reply`] (server to client, same id).
//!
//! See [`Client`] for the client side.

pub mod client;
pub mod frame;
pub mod message;
pub mod socket;

pub use client::{Client, ClientError, SERVER_ENV, ServerInfo, server_binary};
pub use frame::{FrameError, MAGIC, MAX_FRAME_LEN, PROTOCOL_VERSION};
pub use message::{
    Envelope, Image, Reply, Request, Response, SceneSummary, ScriptRequest, ScriptSource,
};
pub use socket::default_socket_path;
