//! Requests to answers: each request goes to the department that handles it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use oneshot_ipc::{PROTOCOL_VERSION, Request, Response};

use crate::scene;

/// Answers one request; `Err` is the message of an error reply. A department
/// that panics fails its request only, not the connection or the server.
pub fn handle(request: Request<'_>) -> Result<Response<'static>, String> {
    catch_unwind(AssertUnwindSafe(|| answer(request))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("internal error while handling the request: {what}"))
    })
}

fn answer(request: Request<'_>) -> Result<Response<'static>, String> {
    match request {
        Request::Ping => Ok(Response::Pong {
            version: oneshot_model::VERSION.to_owned(),
            protocol: PROTOCOL_VERSION,
            pid: std::process::id(),
        }),
        Request::SyncScene(graph) => Ok(Response::Scene(scene::summarize(&graph))),
        Request::Shutdown => Ok(Response::ShuttingDown),
        Request::Breakdown(_)
        | Request::Plan(_)
        | Request::Finish { .. }
        | Request::Retro { .. } => {
            Err("this server does not handle department requests yet".to_owned())
        }
    }
}
