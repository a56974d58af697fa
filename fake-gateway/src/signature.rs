//! API Gateway signature v2, computed independently of `ncloud-client`'s signer.
//!
//! String to sign: `METHOD + " " + REQUEST_TARGET + "\n" + TIMESTAMP + "\n" + ACCESS_KEY`, where
//! `REQUEST_TARGET` is the request target exactly as it arrived on the request line (path, `?`,
//! raw query: nothing decoded or re-encoded). Signature: base64 (standard alphabet, padded) of
//! HMAC-SHA256 keyed with the secret key's UTF-8 bytes.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The exact string the gateway signs for a request.
///
/// ```
/// use ncloud_fake_gateway::string_to_sign;
/// assert_eq!(
///     string_to_sign("GET", "/cluster/kubeconfig", "1668407407855", "access"),
///     "GET /cluster/kubeconfig\n1668407407855\naccess"
/// );
/// ```
pub fn string_to_sign(method: &str, target: &str, timestamp: &str, access_key: &str) -> String {
    format!("{method} {target}\n{timestamp}\n{access_key}")
}

/// base64 (standard, padded) of HMAC-SHA256(`secret_key`, `message`).
pub fn signature(secret_key: &str, message: &str) -> String {
    // HMAC takes keys of any length: `new_from_slice` cannot fail. Should it ever, an empty
    // string never equals a real signature, so verification fails closed instead of panicking.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()) else {
        return String::new();
    };
    mac.update(message.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `provided` is the signature of `message` under `secret_key`.
///
/// The comparison is on the exact base64 text: a signature with other padding or another
/// alphabet (URL-safe) is wrong, as it would be for the real gateway.
pub fn verify(secret_key: &str, message: &str, provided: &str) -> bool {
    let expected = signature(secret_key, message);
    // Constant-time in the content, so the fake is no worse an example than it needs to be.
    expected.len() == provided.len()
        && expected
            .bytes()
            .zip(provided.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both vectors of the notes' section 2: keys `access`/`secret`, timestamp 1668407407855.
    const TIMESTAMP: &str = "1668407407855";

    #[test]
    fn published_vector_from_ncp_iam_authenticator() {
        let message = string_to_sign("GET", "/cluster/kubeconfig", TIMESTAMP, "access");
        assert_eq!(
            signature("secret", &message),
            "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="
        );
        assert!(verify(
            "secret",
            &message,
            "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="
        ));
    }

    #[test]
    fn python_vector_with_a_query() {
        let target = "/vserver/v2/createBlockStorageSnapshotInstance?regionCode=KR\
                      &originalBlockStorageInstanceNo=1234567&responseFormatType=json";
        let message = string_to_sign("GET", target, TIMESTAMP, "access");
        assert_eq!(
            signature("secret", &message),
            "MxXjlKjpJagHosGuauFz8D5msi3HOU1JLrYlYxCpyYw="
        );
        assert!(verify(
            "secret",
            &message,
            "MxXjlKjpJagHosGuauFz8D5msi3HOU1JLrYlYxCpyYw="
        ));
    }

    #[test]
    fn anything_else_is_refused() {
        let message = string_to_sign("GET", "/cluster/kubeconfig", TIMESTAMP, "access");
        for wrong in [
            "",
            "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0", // padding dropped
            "LTJli9-OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0=", // URL-safe alphabet
            "MxXjlKjpJagHosGuauFz8D5msi3HOU1JLrYlYxCpyYw=", // another message's signature
        ] {
            assert!(!verify("secret", &message, wrong), "{wrong:?}");
        }
        assert!(!verify(
            "other",
            &message,
            "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="
        ));
        let post = string_to_sign("POST", "/cluster/kubeconfig", TIMESTAMP, "access");
        assert!(!verify("secret", &post, "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="));
    }
}
