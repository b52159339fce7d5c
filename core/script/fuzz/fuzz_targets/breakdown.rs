//! Any bytes through the whole reader: decoding, Fountain or Final Draft, breakdown
//! and every renderer. `cargo +nightly fuzz run breakdown` from `core/script`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["fuzz.fountain", "fuzz.fdx"] {
        if let Ok(script) = oneshot_script::breakdown_source(&text, name) {
            for format in [
                oneshot_script::render::Format::Json,
                oneshot_script::render::Format::Html,
                oneshot_script::render::Format::Csv,
            ] {
                let _ = oneshot_script::render::render(&script, format);
            }
        }
    }
});
