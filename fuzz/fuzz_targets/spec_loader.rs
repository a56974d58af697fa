//! The generator's whole pipeline (load, strict check, lower, emit, format) on arbitrary bytes:
//! an error naming the file is fine, a panic or a stack overflow is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(error) = generator::generate_one("fuzz.yaml", data) {
        let message = error.to_string();
        // Every diagnostic names the spec; an `internal error` (emitted code that does not parse)
        // is a generator bug and fails here too.
        assert!(message.contains("fuzz.yaml"), "{message}");
    }
});
