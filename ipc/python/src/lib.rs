//! Python module `oneshot_ipc`: the Blender add-on's client for the oneshot server.
//!
//! A thin layer over [`oneshot_ipc::Client`]: Python dicts in and out (through
//! pythonize), the GIL released during every blocking call, and a broken
//! connection replaced by a new one (and a new server) on the next call. The
//! Python API is documented in `oneshot_ipc.pyi`.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use oneshot_ipc::{ClientError, Image, Request, ScriptRequest, ScriptSource};
use oneshot_model::{EffectLayer, RetroSettings, SceneGraph};
use pyo3::exceptions::{PyConnectionError, PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use pythonize::{Depythonizer, pythonize};

pyo3::create_exception!(
    oneshot_ipc,
    ServerError,
    PyException,
    "The server received the request and refused it; str(err) is its message."
);
pyo3::create_exception!(
    oneshot_ipc,
    ConnectionLost,
    PyConnectionError,
    "No server answers, or the connection broke during a call (e.g. the server died)."
);
pyo3::create_exception!(
    oneshot_ipc,
    ServerStuck,
    ConnectionLost,
    "A server is there but did not answer in time (its hello, or a call past call_timeout_s)."
);

/// A connection to a oneshot server, re-established on demand.
#[pyclass(module = "oneshot_ipc", frozen)]
struct Client {
    socket_path: PathBuf,
    /// The binary to start when nothing answers; `None` without autostart.
    server: Option<PathBuf>,
    timeout: Duration,
    /// How long a call may wait with nothing of its answer arriving.
    call_timeout: Option<Duration>,
    /// The idle connection. A call takes it out and puts it back when it is still
    /// usable; calls from other threads meanwhile open their own.
    idle: Mutex<Option<oneshot_ipc::Client>>,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        socket_path=None, server_binary=None, timeout_s=10.0, autostart=true,
        *, call_timeout_s=None
    ))]
    fn new(
        py: Python<'_>,
        socket_path: Option<PathBuf>,
        server_binary: Option<PathBuf>,
        timeout_s: f64,
        autostart: bool,
        call_timeout_s: Option<f64>,
    ) -> PyResult<Client> {
        // A zero timeout would mean "never wait" to the socket, which refuses it.
        let seconds = |name: &str, value: f64| {
            Duration::try_from_secs_f64(value)
                .ok()
                .filter(|duration| !duration.is_zero())
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "{name} must be a positive number of seconds, not {value}"
                    ))
                })
        };
        let client = Client {
            socket_path: socket_path.unwrap_or_else(oneshot_ipc::default_socket_path),
            server: autostart.then(|| oneshot_ipc::server_binary(server_binary)),
            timeout: seconds("timeout_s", timeout_s)?,
            call_timeout: call_timeout_s
                .map(|value| seconds("call_timeout_s", value))
                .transpose()?,
            idle: Mutex::new(None),
        };
        let connection = client.connection(py)?;
        client.put_back(connection);
        Ok(client)
    }

    #[getter]
    fn socket_path(&self) -> String {
        self.socket_path.display().to_string()
    }

    fn ping<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let info = self.call(py, |client| client.ping())?;
        let dict = PyDict::new(py);
        dict.set_item("version", info.version)?;
        dict.set_item("protocol", info.protocol)?;
        dict.set_item("pid", info.pid)?;
        Ok(dict)
    }

    fn sync_scene<'py>(
        &self,
        py: Python<'py>,
        graph: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let graph: SceneGraph = from_python("scene graph", graph)?;
        let summary = self.call(py, |client| client.sync_scene(graph))?;
        to_python(py, &summary)
    }

    /// A camera path following `subject` (or the first moving character) through
    /// the scene graph: `{"shot_id", "keys": [{"frame", "transform", "lens_mm",
    /// "focus_distance"}]}`.
    #[pyo3(signature = (graph, subject=None))]
    fn follow_camera<'py>(
        &self,
        py: Python<'py>,
        graph: &Bound<'py, PyAny>,
        subject: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let graph: SceneGraph = from_python("scene graph", graph)?;
        self.document(py, &Request::FollowCamera { graph, subject })
    }

    /// Lights for the scene graph's characters, turned to its active camera: a list
    /// of `LightData` dicts.
    #[pyo3(signature = (graph, time_of_day="DAY".to_owned(), interior=false))]
    fn light_plot<'py>(
        &self,
        py: Python<'py>,
        graph: &Bound<'py, PyAny>,
        time_of_day: String,
        interior: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let graph: SceneGraph = from_python("scene graph", graph)?;
        let request = Request::LightPlot {
            graph,
            time_of_day,
            interior,
        };
        self.document(py, &request)
    }

    #[pyo3(signature = (text, file_name="script.fountain".to_owned()))]
    fn breakdown<'py>(
        &self,
        py: Python<'py>,
        text: String,
        file_name: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = Request::Breakdown(ScriptSource::Text { text, file_name });
        self.document(py, &request)
    }

    #[pyo3(signature = (
        script_path=None, production_path=None, out_dir=None,
        *, script_text=None, file_name="script.fountain".to_owned()
    ))]
    fn plan<'py>(
        &self,
        py: Python<'py>,
        script_path: Option<String>,
        production_path: Option<String>,
        out_dir: Option<String>,
        script_text: Option<String>,
        file_name: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let job = script_request(
            script_path,
            production_path,
            out_dir,
            script_text,
            file_name,
        )?;
        self.document(py, &Request::Plan(job))
    }

    #[pyo3(signature = (
        script_path=None, production_path=None, out_dir=None,
        *, script_text=None, file_name="script.fountain".to_owned()
    ))]
    fn schedule<'py>(
        &self,
        py: Python<'py>,
        script_path: Option<String>,
        production_path: Option<String>,
        out_dir: Option<String>,
        script_text: Option<String>,
        file_name: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let job = script_request(
            script_path,
            production_path,
            out_dir,
            script_text,
            file_name,
        )?;
        self.document(py, &Request::Schedule(job))
    }

    #[pyo3(signature = (
        script_path=None, production_path=None, out_dir=None,
        *, script_text=None, file_name="script.fountain".to_owned()
    ))]
    fn continuity<'py>(
        &self,
        py: Python<'py>,
        script_path: Option<String>,
        production_path: Option<String>,
        out_dir: Option<String>,
        script_text: Option<String>,
        file_name: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        let job = script_request(
            script_path,
            production_path,
            out_dir,
            script_text,
            file_name,
        )?;
        self.document(py, &Request::Continuity(job))
    }

    fn finish<'py>(&self, py: Python<'py>, out_dir: String) -> PyResult<Bound<'py, PyAny>> {
        self.document(py, &Request::Finish { out_dir })
    }

    fn retro<'py>(
        &self,
        py: Python<'py>,
        pixels: &[u8],
        width: u32,
        height: u32,
        settings: &Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyBytes>, u32, u32)> {
        let settings: RetroSettings = from_python("retro settings", settings)?;
        let image = rgba_image(pixels, width, height)?;
        // The answer borrows from the connection's buffer: copy it into Python
        // bytes before the connection goes back.
        let mut client = self.connection(py)?;
        let result = py.detach(|| client.retro(settings, image));
        let answer =
            result.map(|image| (PyBytes::new(py, &image.pixels), image.width, image.height));
        self.settle(client, answer)
    }

    fn retro_files<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<String>,
        settings: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let settings: RetroSettings = from_python("retro settings", settings)?;
        self.document(py, &Request::RetroFiles { settings, paths })
    }

    fn grade<'py>(
        &self,
        py: Python<'py>,
        pixels: &[u8],
        width: u32,
        height: u32,
        grade: String,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let image = rgba_image(pixels, width, height)?;
        self.frame_call(py, image, |client, image| client.grade(grade, image))
    }

    // The Python signature, a frame like `grade`'s plus what to lay over it.
    #[allow(clippy::too_many_arguments)]
    fn composite<'py>(
        &self,
        py: Python<'py>,
        pixels: &[u8],
        width: u32,
        height: u32,
        layers: &Bound<'py, PyAny>,
        time_s: f32,
        seed: u64,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let layers: Vec<EffectLayer> = from_python("effect layers", layers)?;
        let image = rgba_image(pixels, width, height)?;
        self.frame_call(py, image, |client, image| {
            client.composite(layers, time_s, seed, image)
        })
    }

    /// Asks the server to stop, then closes this client.
    fn shutdown(&self, py: Python<'_>) -> PyResult<()> {
        let taken = self.take_idle();
        let client = match taken {
            Some(client) => client,
            // Starting a server only to stop it makes no sense: connect only.
            None => py
                .detach(|| oneshot_ipc::Client::connect(&self.socket_path))
                .map_err(to_py_err)?,
        };
        py.detach(|| client.shutdown()).map_err(to_py_err)
    }

    /// Closes the idle connection; the next call reconnects.
    fn close(&self) {
        drop(self.take_idle());
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }

    fn __repr__(&self) -> String {
        format!(
            "oneshot_ipc.Client({:?})",
            self.socket_path.display().to_string()
        )
    }
}

impl Client {
    /// The idle connection, or a new one (starting a server when allowed).
    fn connection(&self, py: Python<'_>) -> PyResult<oneshot_ipc::Client> {
        if let Some(client) = self.take_idle() {
            return Ok(client);
        }
        py.detach(|| {
            let mut client = match &self.server {
                Some(server) => {
                    oneshot_ipc::Client::connect_or_start(&self.socket_path, server, self.timeout)
                }
                None => oneshot_ipc::Client::connect(&self.socket_path),
            }?;
            client.set_call_timeout(self.call_timeout)?;
            Ok(client)
        })
        .map_err(to_py_err)
    }

    /// Runs one call without the GIL; see [`Client::settle`].
    fn call<T: Send>(
        &self,
        py: Python<'_>,
        call: impl FnOnce(&mut oneshot_ipc::Client) -> Result<T, ClientError> + Send,
    ) -> PyResult<T> {
        let mut client = self.connection(py)?;
        let result = py.detach(|| call(&mut client));
        self.settle(client, result)
    }

    /// Keeps the connection for the next call unless the error broke it.
    fn settle<T>(
        &self,
        client: oneshot_ipc::Client,
        result: Result<T, ClientError>,
    ) -> PyResult<T> {
        match result {
            Ok(value) => {
                self.put_back(client);
                Ok(value)
            }
            Err(err) => {
                if !err.breaks_connection() {
                    self.put_back(client);
                }
                Err(to_py_err(err))
            }
        }
    }

    /// Runs a call that sends a frame and answers with another of the same size,
    /// without the GIL; the answer borrows from the connection's buffer, so its
    /// pixels are copied into Python bytes before the connection goes back.
    fn frame_call<'py, 'i>(
        &self,
        py: Python<'py>,
        image: Image<'i>,
        call: impl for<'c> FnOnce(
            &'c mut oneshot_ipc::Client,
            Image<'i>,
        ) -> Result<Image<'c>, ClientError>
        + Send,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut client = self.connection(py)?;
        let result = py.detach(|| call(&mut client, image));
        let answer = result.map(|image| PyBytes::new(py, &image.pixels));
        self.settle(client, answer)
    }

    fn document<'py>(&self, py: Python<'py>, request: &Request<'_>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.call(py, |client| client.document(request))?;
        let value: serde_json::Value = serde_json::from_str(&json).map_err(|err| {
            ConnectionLost::new_err(format!("the server sent invalid JSON: {err}"))
        })?;
        to_python(py, &value)
    }

    /// The idle connection, unless the server hung up on it since the last call
    /// (it was stopped or killed): the call then connects anew, starting a
    /// server when allowed, instead of failing once first.
    fn take_idle(&self) -> Option<oneshot_ipc::Client> {
        let idle = (self.idle.lock().unwrap_or_else(PoisonError::into_inner)).take();
        idle.and_then(|mut client| (!client.hung_up()).then_some(client))
    }

    fn put_back(&self, client: oneshot_ipc::Client) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.is_none() {
            *idle = Some(client);
        }
    }
}

/// Borrowed RGBA8 pixels as a frame, refused unless there are `width * height * 4` bytes.
fn rgba_image(pixels: &[u8], width: u32, height: u32) -> PyResult<Image<'_>> {
    let image = Image {
        width,
        height,
        pixels: Cow::Borrowed(pixels),
    };
    if !image.is_consistent() {
        return Err(PyValueError::new_err(format!(
            "{} bytes are not {width}x{height} RGBA8 pixels ({} bytes)",
            pixels.len(),
            width as u64 * height as u64 * 4
        )));
    }
    Ok(image)
}

/// A plan or schedule job from the Python arguments: exactly one of a script
/// path and a script text.
fn script_request(
    script_path: Option<String>,
    production: Option<String>,
    out_dir: Option<String>,
    script_text: Option<String>,
    file_name: String,
) -> PyResult<ScriptRequest> {
    let script = match (script_path, script_text) {
        (Some(path), None) => ScriptSource::Path(path),
        (None, Some(text)) => ScriptSource::Text { text, file_name },
        _ => {
            return Err(PyValueError::new_err(
                "pass exactly one of script_path and script_text",
            ));
        }
    };
    Ok(ScriptRequest {
        script,
        production,
        out_dir,
    })
}

fn to_py_err(err: ClientError) -> PyErr {
    match err {
        ClientError::Server(message) => ServerError::new_err(message),
        ClientError::TooLarge(_) => PyValueError::new_err(err.to_string()),
        ClientError::TimedOut(_) => {
            ServerStuck::new_err(format!("{err} (the next call reconnects)"))
        }
        err if err.breaks_connection() => {
            ConnectionLost::new_err(format!("{err} (the next call reconnects)"))
        }
        err => ConnectionLost::new_err(err.to_string()),
    }
}

/// Converts a Python value; errors name the offending key (`objects[3].transform`).
fn from_python<T: serde::de::DeserializeOwned>(
    what: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<T> {
    serde_path_to_error::deserialize(&mut Depythonizer::from_object(value)).map_err(|err| {
        let at = err.path().to_string();
        PyValueError::new_err(format!("{what}, at {at}: {}", err.into_inner()))
    })
}

fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, value).map_err(|err| PyValueError::new_err(err.to_string()))
}

/// The socket path used when none is given.
#[pyfunction]
fn default_socket_path() -> String {
    oneshot_ipc::default_socket_path().display().to_string()
}

#[pymodule]
#[pyo3(name = "oneshot_ipc")]
fn oneshot_ipc_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", oneshot_model::VERSION)?;
    m.add_class::<Client>()?;
    m.add_function(wrap_pyfunction!(default_socket_path, m)?)?;
    m.add("ServerError", m.py().get_type::<ServerError>())?;
    m.add("ConnectionLost", m.py().get_type::<ConnectionLost>())?;
    m.add("ServerStuck", m.py().get_type::<ServerStuck>())?;
    Ok(())
}
