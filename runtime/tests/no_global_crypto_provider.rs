//! Building a client with the default transport leaves rustls's process-wide default crypto
//! provider alone: that choice belongs to the application.
//!
//! In its own test binary, since the default provider is global to the process.

#![cfg(all(feature = "reqwest", not(feature = "native-tls")))]

use ncloud_runtime::transport::{HttpRequest, ReqwestTransport, Transport};
use ncloud_runtime::{Client, Credentials};

#[test]
fn building_a_client_installs_no_process_wide_crypto_provider() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let _client = Client::builder()
        .credentials(Credentials::new("access", "secret"))
        .build()
        .expect("the default transport builds without a process default provider");
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "the client installed a process-wide rustls CryptoProvider"
    );
}

#[test]
fn the_default_transport_starts_tls_handshakes_with_its_own_provider() {
    // A TCP server that accepts and hangs up: the client gets as far as its TLS handshake.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(1) {
            drop(stream);
        }
    });
    let transport = ReqwestTransport::new(std::time::Duration::from_secs(5)).unwrap();
    let request = HttpRequest {
        method: "GET",
        url: format!("https://127.0.0.1:{port}/vserver/v2/x"),
        target: "/vserver/v2/x".into(),
        headers: Vec::new(),
        body: None,
        max_body_bytes: 1024,
    };
    let error = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(transport.send(request))
        .expect_err("the server hangs up");
    assert!(error.to_string().contains("/vserver/v2/x"), "{error}");
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
}
