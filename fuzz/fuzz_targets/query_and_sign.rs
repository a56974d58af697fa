//! The query encoder and the signer on arbitrary parameters: encoding then parsing gives the
//! parameters back, the encoded form holds only unreserved characters and escapes, and signing
//! any target never fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncloud_client::runtime::request::{QueryWriter, parse_query};
use ncloud_client::runtime::sign::signature;

fuzz_target!(|input: (Vec<(String, String)>, String, u64)| {
    let (pairs, secret, timestamp) = input;
    let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| !name.is_empty()).collect();
    let mut query = QueryWriter::new();
    for (name, value) in &pairs {
        query.push(name.as_str(), value.as_str());
    }
    let encoded = query.finish();
    assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%&=".contains(&b)), "{encoded}");
    assert_eq!(parse_query(&encoded).expect("the encoder's output parses"), pairs);
    let target = format!("/vserver/v2/x?{encoded}");
    let signed = signature("GET", &target, timestamp, "access", &secret);
    assert_eq!(signed.len(), 44, "base64 of 32 bytes");
    // Any query text at all must parse or fail cleanly.
    let _ = parse_query(&secret);
});
