//! `ClientBuilder::from_env` and `Client::from_env` against the real process environment.
//!
//! In its own test binary, with a single test: it sets `HOME` and the `NCLOUD_*` variables of
//! the process, which no other test may see change under it.

use std::sync::Arc;

use ncloud_runtime::transport::{SendFuture, Transport, TransportError};
use ncloud_runtime::{Client, ClientBuilder, Credentials};

/// Never sends: these clients are only built (so the test runs without the `reqwest` feature).
#[derive(Debug)]
struct NoTransport;

impl Transport for NoTransport {
    fn send(&self, _: ncloud_runtime::HttpRequest) -> SendFuture<'_> {
        Box::pin(async { Err(TransportError::Other("not sent".into())) })
    }
}

/// Records the API key header of what it is asked to send, and answers nothing.
#[derive(Debug, Default)]
struct ApiKeySeen(std::sync::Mutex<Vec<Option<String>>>);

impl Transport for ApiKeySeen {
    fn send(&self, request: ncloud_runtime::HttpRequest) -> SendFuture<'_> {
        let key = request
            .headers
            .iter()
            .find(|(name, _)| *name == ncloud_runtime::sign::API_KEY_HEADER)
            .map(|(_, value)| value.clone());
        self.0.lock().unwrap().push(key);
        Box::pin(async { Err(TransportError::Other("not sent".into())) })
    }
}

/// A REST action that needs the API key.
struct Export;

impl ncloud_runtime::Action for Export {
    const NAME: &'static str = "exportWidget";
    const PATH: &'static str = "/widgets/v1/export";
    const BASE_PATH: &'static str = "/widgets/v1";
    const STYLE: ncloud_runtime::Style = ncloud_runtime::Style::Rest;
    const API_KEY: bool = true;
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [ncloud_runtime::Server] = &[];
    type Response = ();
    fn write_query(&self, _: &mut ncloud_runtime::request::QueryWriter) {}
}

/// The API key `client` sends with an action that needs one (`None`: it refused to send).
fn api_key_sent(client: ClientBuilder) -> Option<String> {
    let seen = Arc::new(ApiKeySeen::default());
    let client = client
        .api_gateway("http://127.0.0.1:9")
        .transport(seen.clone())
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(client.call(&Export));
    assert!(result.is_err(), "the test transport answers nothing");
    let sent = seen.0.lock().unwrap().first().cloned().flatten();
    if let Some(key) = &sent {
        assert!(!shown.contains(key.as_str()), "the API key is a secret: {shown}");
    }
    sent
}

fn builder() -> ClientBuilder {
    Client::builder().transport(Arc::new(NoTransport))
}

/// `Client::from_env()`, with the test's transport.
fn client_from_env() -> Client {
    builder().from_env().unwrap().build().unwrap()
}

/// A throwaway home directory, removed on drop.
struct Home(std::path::PathBuf);

impl Home {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("ncloud-from-env-{}", std::process::id()));
        std::fs::create_dir_all(path.join(".ncloud")).unwrap();
        Home(path)
    }

    fn write_configure(&self, text: &str) {
        std::fs::write(self.0.join(".ncloud/configure"), text).unwrap();
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary runs one test, on one thread, and nothing else reads the environment
    // while it changes.
    unsafe {
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn from_env_uses_given_credentials_and_the_chosen_profile() {
    let home = Home::new();
    set("HOME", home.0.to_str());
    set("USERPROFILE", None);
    for name in [
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_ACCESS_KEY",
        "NCLOUD_SECRET_ACCESS_KEY",
        "NCLOUD_SECRET_KEY",
        "NCLOUD_API_GW",
        "NCLOUD_SITE",
        "NCLOUD_PROFILE",
    ] {
        set(name, None);
    }
    set("NCLOUD_REGION", Some("JPN"));

    // Credentials given to the builder: from_env takes the rest and does not ask for keys.
    let client = builder()
        .credentials(Credentials::new("GIVEN-A", "GIVEN-S"))
        .from_env()
        .expect("from_env must not demand credentials the builder already has")
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("GIVEN-A") && shown.contains("JPN"), "{shown}");

    // No credentials in the environment: the profile of the file, chosen by the builder, else
    // NCLOUD_PROFILE, else DEFAULT.
    home.write_configure(
        "[DEFAULT]\nncloud_access_key_id = DEF-A\nncloud_secret_access_key = DEF-S\n\n\
         [dev]\nncloud_access_key_id = DEV-A\nncloud_secret_access_key = DEV-S\n\n\
         [prod]\nncloud_access_key_id = PROD-A\nncloud_secret_access_key = PROD-S\n",
    );
    let access_key = |client: Client| {
        let shown = format!("{client:?}");
        ["DEF-A", "DEV-A", "PROD-A", "ENV-A"]
            .into_iter()
            .find(|k| shown.contains(k))
            .unwrap_or("none")
    };
    assert_eq!(access_key(client_from_env()), "DEF-A");
    let dev = builder().profile("dev").from_env().unwrap().build().unwrap();
    assert_eq!(access_key(dev), "DEV-A");
    set("NCLOUD_PROFILE", Some("prod"));
    assert_eq!(access_key(client_from_env()), "PROD-A");
    let dev = builder().profile("dev").from_env().unwrap().build().unwrap();
    assert_eq!(
        access_key(dev),
        "DEV-A",
        "the builder's profile wins over NCLOUD_PROFILE"
    );

    let missing = builder().profile("staging").from_env().unwrap_err().to_string();
    assert!(
        missing.contains("\"staging\"") && missing.contains("ClientBuilder::profile") && missing.contains("dev"),
        "{missing}"
    );
    let late = builder().from_env().unwrap().profile("dev").build().unwrap_err();
    assert!(late.to_string().contains("before from_env"), "{late}");

    // Complete credentials in the environment come first, whatever the profile.
    set("NCLOUD_ACCESS_KEY_ID", Some("ENV-A"));
    set("NCLOUD_SECRET_KEY", Some("ENV-S"));
    let env = builder().profile("dev").from_env().unwrap().build().unwrap();
    assert_eq!(access_key(env), "ENV-A");

    // NCLOUD_API_KEY, unless the builder has a key of its own.
    set("NCLOUD_API_KEY", None);
    assert_eq!(api_key_sent(builder().from_env().unwrap()), None, "refused unsent");
    set("NCLOUD_API_KEY", Some("ENV-API-KEY"));
    assert_eq!(
        api_key_sent(builder().from_env().unwrap()).as_deref(),
        Some("ENV-API-KEY")
    );
    let given = builder().api_key("GIVEN-API-KEY").from_env().unwrap();
    assert_eq!(api_key_sent(given).as_deref(), Some("GIVEN-API-KEY"));
}
