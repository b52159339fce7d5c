//! Framing: the handshake and length-prefixed bincode frames.
//!
//! A connection starts with a handshake: the client sends a hello (the 8-byte
//! [`MAGIC`], its [`PROTOCOL_VERSION`] as a little-endian `u32` and its [`SCHEMA`]
//! fingerprint as a little-endian `u64`), the server answers with its own hello
//! and closes the connection when the versions or the schemas differ, so each
//! side can name both in its error.
//!
//! After that, every message is a frame: a little-endian `u32` payload length,
//! then the payload, one bincode-2 encoded [`crate::Envelope`]. The length is
//! checked against [`MAX_FRAME_LEN`] before anything is allocated, and a peer that
//! hangs up between frames (a clean end) is told apart from one that hangs up
//! inside a frame (truncation).

use std::io::{self, Read, Write};

use bincode::config::{Configuration, Limit, LittleEndian, Varint};
use serde::{Deserialize, Serialize};

/// First bytes of every connection, in both directions.
pub const MAGIC: [u8; 8] = *b"ONESHOT\0";

/// Bumped on every incompatible change of the messages or the framing.
pub const PROTOCOL_VERSION: u32 = 3;

/// Fingerprint of the message and model types this build encodes (see
/// `build.rs`). Same version, different schema: a server and a client built from
/// different sources, which would misread each other's messages.
pub const SCHEMA: u64 = include!(concat!(env!("OUT_DIR"), "/schema.rs"));

/// The largest payload either side accepts: room for an 8K RGBA8 image.
pub const MAX_FRAME_LEN: u32 = 256 << 20;

/// Magic and version: the part of a hello every protocol version shares.
const HELLO_HEAD_LEN: usize = MAGIC.len() + 4;

/// How much of an announced payload is allocated before its bytes arrive.
pub const EAGER_RESERVE: usize = 1 << 20;

/// Bincode settings of the payloads. The limit bounds what a decoder may claim
/// from a payload, whatever lengths the payload announces.
const CONFIG: Configuration<LittleEndian, Varint, Limit<{ MAX_FRAME_LEN as usize }>> =
    bincode::config::standard().with_limit::<{ MAX_FRAME_LEN as usize }>();

/// What can go wrong reading or writing the wire.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The peer hung up inside a hello or a frame.
    #[error("connection closed in the middle of a message ({got} of {expected} bytes)")]
    Truncated { expected: usize, got: usize },
    /// A length prefix (received or about to be sent) above [`MAX_FRAME_LEN`].
    #[error("a message of {len} bytes exceeds the limit of {MAX_FRAME_LEN} bytes")]
    TooLarge { len: u64 },
    /// The peer's first bytes are not [`MAGIC`]: it does not speak this protocol.
    #[error("the peer does not speak the oneshot protocol (it sent {found:02x?})")]
    BadMagic { found: [u8; 8] },
    /// Both sides speak the protocol, in different versions.
    #[error(
        "protocol version mismatch: the peer speaks version {peer}, this side version {PROTOCOL_VERSION}"
    )]
    VersionMismatch { peer: u32 },
    /// Same version, but built from different message types.
    #[error(
        "the peer was built from different sources (schema {peer:016x}, this side {SCHEMA:016x}): \
         the server and the client (the add-on's Python module) must come from the same release"
    )]
    SchemaMismatch { peer: u64 },
    /// A payload that is not a valid message.
    #[error("malformed message: {0}")]
    Decode(#[from] bincode::error::DecodeError),
    /// A payload with bytes left over after the message.
    #[error("malformed message: {extra} bytes after the end of the message")]
    TrailingBytes { extra: usize },
    /// A message that cannot be encoded.
    #[error("cannot encode message: {0}")]
    Encode(#[from] bincode::error::EncodeError),
    /// The socket failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// A peer's hello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hello {
    pub version: u32,
    /// The peer's [`SCHEMA`]; `None` when it speaks another version, whose hello
    /// is not ours to read further.
    pub schema: Option<u64>,
}

impl Hello {
    /// Fails unless the peer speaks our version with our schema.
    pub fn check(self) -> Result<(), FrameError> {
        match self.schema {
            _ if self.version != PROTOCOL_VERSION => {
                Err(FrameError::VersionMismatch { peer: self.version })
            }
            Some(schema) if schema != SCHEMA => Err(FrameError::SchemaMismatch { peer: schema }),
            _ => Ok(()),
        }
    }
}

/// Sends this side's hello.
pub fn write_hello(w: &mut impl Write) -> io::Result<()> {
    let mut hello = [0u8; HELLO_HEAD_LEN + 8];
    hello[..MAGIC.len()].copy_from_slice(&MAGIC);
    hello[MAGIC.len()..HELLO_HEAD_LEN].copy_from_slice(&PROTOCOL_VERSION.to_le_bytes());
    hello[HELLO_HEAD_LEN..].copy_from_slice(&SCHEMA.to_le_bytes());
    w.write_all(&hello)?;
    w.flush()
}

/// Reads the peer's hello, checking the magic. The caller decides what a
/// different version or schema means (see [`Hello::check`]).
pub fn read_hello(r: &mut impl Read) -> Result<Hello, FrameError> {
    let mut head = [0u8; HELLO_HEAD_LEN];
    let got = read_full(r, &mut head)?;
    let (magic, version) = head.split_at(MAGIC.len());
    // A peer that sent a wrong magic and hung up is a stranger, not a truncation.
    if magic[..got.min(MAGIC.len())] != MAGIC[..got.min(MAGIC.len())] {
        return Err(FrameError::BadMagic {
            found: magic.try_into().expect("split at MAGIC.len()"),
        });
    }
    if got < HELLO_HEAD_LEN {
        return Err(FrameError::Truncated {
            expected: HELLO_HEAD_LEN,
            got,
        });
    }
    let version = u32::from_le_bytes(version.try_into().expect("4 bytes"));
    if version != PROTOCOL_VERSION {
        return Ok(Hello {
            version,
            schema: None,
        });
    }
    let mut schema = [0u8; 8];
    let got = read_full(r, &mut schema)?;
    if got < schema.len() {
        return Err(FrameError::Truncated {
            expected: HELLO_HEAD_LEN + schema.len(),
            got: HELLO_HEAD_LEN + got,
        });
    }
    Ok(Hello {
        version,
        schema: Some(u64::from_le_bytes(schema)),
    })
}

/// Encodes `message` and writes it as one frame, then flushes.
///
/// The size is measured first (cheap: byte strings only add their length), so the
/// payload is encoded straight into `w`; with a `BufWriter`, large byte strings
/// such as image pixels go to the socket without being copied. A message above
/// [`MAX_FRAME_LEN`] fails with [`FrameError::TooLarge`] before anything is written.
pub fn write_frame(w: &mut impl Write, message: &impl Serialize) -> Result<(), FrameError> {
    let mut size = bincode::enc::write::SizeWriter::default();
    bincode::serde::encode_into_writer(message, &mut size, CONFIG)?;
    let len = size.bytes_written;
    if len > MAX_FRAME_LEN as usize {
        return Err(FrameError::TooLarge { len: len as u64 });
    }
    w.write_all(&(len as u32).to_le_bytes())?;
    bincode::serde::encode_into_std_write(message, w, CONFIG)?;
    w.flush()?;
    Ok(())
}

/// Reads a frame's length prefix. `Ok(None)` is a clean end: the peer hung up
/// between frames. The length is checked against [`MAX_FRAME_LEN`].
pub fn read_frame_len(r: &mut impl Read) -> Result<Option<usize>, FrameError> {
    let mut prefix = [0u8; 4];
    match read_full(r, &mut prefix)? {
        0 => Ok(None),
        4 => {
            let len = u32::from_le_bytes(prefix);
            if len > MAX_FRAME_LEN {
                Err(FrameError::TooLarge { len: len.into() })
            } else {
                Ok(Some(len as usize))
            }
        }
        got => Err(FrameError::Truncated { expected: 4, got }),
    }
}

/// Reads a payload of `len` bytes (from [`read_frame_len`]) into `buf`, replacing
/// its content, without zero-filling it first.
///
/// Memory follows the bytes that actually arrive: beyond [`EAGER_RESERVE`], `buf`
/// grows as the payload comes in, so a peer that announces a large frame and
/// sends nothing holds no more than that. (`buf` keeps its capacity: a connection
/// that carries large frames pays for growing it once.)
pub fn read_frame_body<'b>(
    r: &mut impl Read,
    len: usize,
    buf: &'b mut Vec<u8>,
) -> Result<&'b [u8], FrameError> {
    buf.clear();
    buf.try_reserve(len.min(EAGER_RESERVE))
        .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
    r.take(len as u64).read_to_end(buf)?;
    if buf.len() < len {
        return Err(FrameError::Truncated {
            expected: len,
            got: buf.len(),
        });
    }
    Ok(buf)
}

/// Reads one whole frame into `buf`: `Ok(None)` at a clean end.
pub fn read_frame<'b>(
    r: &mut impl Read,
    buf: &'b mut Vec<u8>,
) -> Result<Option<&'b [u8]>, FrameError> {
    match read_frame_len(r)? {
        Some(len) => read_frame_body(r, len, buf).map(Some),
        None => Ok(None),
    }
}

/// Decodes a payload; byte strings in the message borrow from `payload`.
pub fn decode<'p, T: Deserialize<'p>>(payload: &'p [u8]) -> Result<T, FrameError> {
    let (message, used) = bincode::serde::borrow_decode_from_slice(payload, CONFIG)?;
    match payload.len() - used {
        0 => Ok(message),
        extra => Err(FrameError::TrailingBytes { extra }),
    }
}

/// The request id at the front of a payload, for answering a request whose body
/// does not decode.
pub fn decode_id(payload: &[u8]) -> Option<u64> {
    bincode::serde::borrow_decode_from_slice::<u64, _>(payload, CONFIG)
        .ok()
        .map(|(id, _)| id)
}

/// Reads until `buf` is full or the peer hangs up; returns how much was read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(got)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::{Envelope, Image, Reply, Request, Response};

    fn framed(message: &impl Serialize) -> Vec<u8> {
        let mut wire = Vec::new();
        write_frame(&mut wire, message).unwrap();
        wire
    }

    #[test]
    fn a_request_round_trips() {
        let request = Envelope {
            id: 7,
            body: Request::Ping,
        };
        let wire = framed(&request);
        let mut buf = Vec::new();
        let payload = read_frame(&mut wire.as_slice(), &mut buf).unwrap().unwrap();
        assert_eq!(decode::<Envelope<Request>>(payload).unwrap(), request);
        assert_eq!(decode_id(payload), Some(7));
    }

    #[test]
    fn image_pixels_borrow_from_the_frame() {
        let pixels = vec![9u8; 64 * 32 * 4];
        let reply = Envelope {
            id: 1,
            body: Reply::Ok(Response::Image(Image {
                width: 64,
                height: 32,
                pixels: Cow::Borrowed(&pixels),
            })),
        };
        let wire = framed(&reply);
        assert!(
            wire.len() < pixels.len() + 32,
            "pixels are sent as raw bytes"
        );
        let mut buf = Vec::new();
        let payload = read_frame(&mut wire.as_slice(), &mut buf).unwrap().unwrap();
        let decoded: Envelope<Reply> = decode(payload).unwrap();
        let Reply::Ok(Response::Image(image)) = decoded.body else {
            panic!("not an image: {decoded:?}")
        };
        assert!(matches!(image.pixels, Cow::Borrowed(_)));
        assert!(image.is_consistent());
        assert_eq!(image.pixels, pixels.as_slice());
    }

    #[test]
    fn a_clean_end_is_not_an_error() {
        assert!(
            read_frame(&mut [].as_slice(), &mut Vec::new())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn truncated_prefix_and_body_are_errors() {
        let wire = framed(&Envelope {
            id: 1,
            body: Request::Ping,
        });
        for cut in [2, wire.len() - 1] {
            let err = read_frame(&mut &wire[..cut], &mut Vec::new()).unwrap_err();
            assert!(matches!(err, FrameError::Truncated { .. }), "{err}");
        }
    }

    #[test]
    fn a_huge_length_is_refused_before_allocating() {
        let mut buf = Vec::new();
        let wire = u32::MAX.to_le_bytes();
        let err = read_frame(&mut wire.as_slice(), &mut buf).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { len } if len == u32::MAX as u64));
        assert_eq!(buf.capacity(), 0);
    }

    #[test]
    fn memory_follows_the_bytes_that_arrive() {
        let mut wire = MAX_FRAME_LEN.to_le_bytes().to_vec();
        wire.extend([0u8; 10]);
        let mut buf = Vec::new();
        let err = read_frame(&mut wire.as_slice(), &mut buf).unwrap_err();
        assert!(
            matches!(err, FrameError::Truncated { got: 10, .. }),
            "{err}"
        );
        assert!(buf.capacity() <= EAGER_RESERVE, "{}", buf.capacity());
    }

    #[test]
    fn garbage_payloads_are_decode_errors() {
        // `Finish` with an out_dir that claims 268 MB, and an unknown variant.
        for payload in [&[1u8, 4, 252, 0xff, 0xff, 0xff, 0x0f][..], &[1, 200]] {
            let err = decode::<Envelope<Request>>(payload).unwrap_err();
            assert!(matches!(err, FrameError::Decode(_)), "{err}");
        }
        let mut long = framed(&Envelope {
            id: 1,
            body: Request::Ping,
        });
        long.push(0);
        let err = decode::<Envelope<Request>>(&long[4..]).unwrap_err();
        assert!(matches!(err, FrameError::TrailingBytes { extra: 1 }));
    }

    #[test]
    fn hello_checks_magic_version_and_schema() {
        let mut wire = Vec::new();
        write_hello(&mut wire).unwrap();
        let hello = read_hello(&mut wire.as_slice()).unwrap();
        assert_eq!(hello.version, PROTOCOL_VERSION);
        assert_eq!(hello.schema, Some(SCHEMA));
        hello.check().unwrap();

        let err = read_hello(&mut &b"GET / HTTP/1.1\r\n"[..]).unwrap_err();
        assert!(matches!(err, FrameError::BadMagic { .. }), "{err}");

        let err = read_hello(&mut &wire[..5]).unwrap_err();
        assert!(matches!(err, FrameError::Truncated { .. }), "{err}");

        let err = read_hello(&mut &wire[..15]).unwrap_err();
        assert!(
            matches!(err, FrameError::Truncated { got: 15, .. }),
            "{err}"
        );

        let mut other_build = wire.clone();
        other_build[12..].copy_from_slice(&(SCHEMA ^ 1).to_le_bytes());
        let err = read_hello(&mut other_build.as_slice()).unwrap().check();
        assert!(
            matches!(err, Err(FrameError::SchemaMismatch { .. })),
            "{err:?}"
        );

        // A peer of another version is named by its version; the rest of its
        // hello is not read.
        let mut other_version = wire[..12].to_vec();
        other_version[8..].copy_from_slice(&99u32.to_le_bytes());
        let hello = read_hello(&mut other_version.as_slice()).unwrap();
        assert_eq!(hello.schema, None);
        let err = hello.check().unwrap_err();
        assert!(err.to_string().contains("version 99"), "{err}");
    }
}
