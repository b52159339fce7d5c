//! One connection: handshake, then requests answered in order until the client
//! hangs up.
//!
//! Nothing a client sends can stop the server or make it allocate more than it
//! has checked: a bad hello or an oversized, truncated or stalled frame closes
//! this connection only (with an error reply where the client can still read
//! one); a frame that holds no valid request, or whose answer would pass the
//! frame limit, gets an error reply and the connection goes on, since the framing
//! is intact. Once the server is stopping, a new request is refused in words.

use std::io::BufWriter;
use std::time::Duration;

use interprocess::local_socket::Stream;
use interprocess::local_socket::traits::Stream as _;
use oneshot_ipc::frame::{self, FrameError, MAX_FRAME_LEN};
use oneshot_ipc::{Envelope, Reply, Request};

use crate::{Stopper, dispatch, log};

/// How long a new client may take to say hello: a silent client is dropped.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the rest of a frame may take once its length arrived. Between frames
/// a client may stay idle as long as it likes.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(30);

const WRITE_BUFFER: usize = 64 << 10;

/// The most of the read buffer a connection keeps between requests: an idle
/// client that once sent a large frame does not hold its size for good.
const KEPT_READ_BUFFER: usize = 16 << 20;

/// Serves one client until it hangs up or breaks the protocol; logs why it ended
/// unless the end was clean.
pub fn serve(stream: Stream, name: &str, stopper: &Stopper) {
    if let Err(err) = serve_inner(stream, stopper) {
        log(format_args!("{name}: closed: {err}"));
    }
}

fn serve_inner(mut stream: Stream, stopper: &Stopper) -> Result<(), FrameError> {
    stream.set_recv_timeout(Some(HELLO_TIMEOUT))?;
    let peer = frame::read_hello(&mut stream)?;
    // Our hello goes out even when the peer differs, so the client can name both.
    frame::write_hello(&mut stream)?;
    peer.check()?;
    stream.set_recv_timeout(None)?;

    let mut writer = BufWriter::with_capacity(WRITE_BUFFER, stream);
    let mut buf = Vec::new();
    loop {
        let len = match frame::read_frame_len(writer.get_mut()) {
            Ok(Some(len)) => len,
            Ok(None) => return Ok(()),
            Err(err @ FrameError::TooLarge { .. }) => {
                // The rest of the stream cannot be framed any more: say why, then close.
                let _ = reply(&mut writer, 0, Reply::Err(err.to_string()));
                return Err(err);
            }
            Err(err) => return Err(err),
        };
        writer.get_ref().set_recv_timeout(Some(FRAME_TIMEOUT))?;
        let payload = frame::read_frame_body(writer.get_mut(), len, &mut buf)?;
        writer.get_ref().set_recv_timeout(None)?;

        let request = match frame::decode::<Envelope<Request>>(payload) {
            Ok(request) => request,
            Err(err) => {
                let id = frame::decode_id(payload).unwrap_or(0);
                reply(&mut writer, id, Reply::Err(format!("bad request: {err}")))?;
                continue;
            }
        };
        // Counted before the check: a stop that comes between the two still finds
        // this request busy and waits for it.
        let busy = stopper.busy();
        if stopper.is_stopping() {
            drop(busy);
            reply(
                &mut writer,
                request.id,
                Reply::Err("the server is stopping".into()),
            )?;
            return Ok(());
        }
        let stop = matches!(request.body, Request::Shutdown);
        // The accept loop is woken before the answer goes out: a client that has
        // its answer may remove the socket's folder at once, and then nothing
        // could wake it.
        if stop && !stopper.stop() {
            crate::log(format_args!(
                "the socket file is gone: the server stops when its last connection ends"
            ));
        }
        let answer = match dispatch::handle(request.body) {
            Ok(response) => Reply::Ok(response),
            Err(message) => Reply::Err(message),
        };
        match reply(&mut writer, request.id, answer) {
            // Measured before anything was written: the stream is intact, so the
            // client can be told instead of losing the connection.
            Err(FrameError::TooLarge { len }) => {
                let message = format!(
                    "the answer would be {len} bytes, over the limit of {MAX_FRAME_LEN}: \
                     ask for less at once (smaller frames, fewer of them)"
                );
                reply(&mut writer, request.id, Reply::Err(message))?;
            }
            sent => sent?,
        }
        drop(busy);
        if stop {
            return Ok(());
        }
        buf.shrink_to(KEPT_READ_BUFFER);
    }
}

fn reply(writer: &mut BufWriter<Stream>, id: u64, body: Reply<'_>) -> Result<(), FrameError> {
    frame::write_frame(writer, &Envelope { id, body })
}
