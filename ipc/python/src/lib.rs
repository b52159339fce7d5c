//! Python module `oneshot_ipc`: the Blender add-on's client for the oneshot server.

use pyo3::prelude::*;

#[pymodule]
fn oneshot_ipc(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", oneshot_model::VERSION)?;
    Ok(())
}
