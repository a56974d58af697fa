//! Tests of waiting: a scripted transport answers the polls, on a paused clock.

use std::sync::Arc;

use super::*;
use crate::client::RetryPolicy;
use crate::request::{QueryWriter, Server, Site};
use crate::sign;
use crate::test_support::{Scripted, client_with, response};
use crate::transport::{HttpResponse, TransportError};

/// A detail action: the snapshot as a list of at most one item, as NCP answers.
#[derive(Debug, Clone)]
struct GetSnapshotDetail {
    no: &'static str,
}

#[derive(Debug, serde::Deserialize)]
struct DetailResponse {
    #[serde(rename = "snapshotList")]
    snapshot_list: Option<Vec<Snapshot>>,
}

#[derive(Debug, serde::Deserialize)]
struct Snapshot {
    status: Option<Code>,
}

#[derive(Debug, serde::Deserialize)]
struct Code {
    code: Option<String>,
}

impl Action for GetSnapshotDetail {
    const NAME: &'static str = "getSnapshotDetail";
    const PATH: &'static str = "/vserver/v2/getSnapshotDetail";
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://ncloud.apigw.ntruss.com",
        base_path: "",
        region_paths: &[],
    }];
    const XML_ROOT: &'static str = "getSnapshotDetailResponse";
    const JSON_ENVELOPE: &'static str = "getSnapshotDetailResponse";
    type Response = DetailResponse;

    fn write_query(&self, query: &mut QueryWriter) {
        query.push("snapshotNo", self.no);
    }
}

const STATUS: &str = "snapshotList[].status.code";

fn status(response: &DetailResponse, _: Option<&str>) -> Vec<String> {
    response
        .snapshot_list
        .iter()
        .flatten()
        .filter_map(|s| s.status.as_ref()?.code.clone())
        .collect()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

static CREATED: Waiter<GetSnapshotDetail> = Waiter::new(
    "snapshotCreated",
    WaitOptions::new(Duration::from_secs(60), Duration::from_secs(2), Duration::from_secs(10)),
    &[
        Acceptor::path_any(WaitState::Success, STATUS, status, &["CREAT"]),
        Acceptor::path_any(WaitState::Failure, STATUS, status, &["TERMT", "NAVAI"]),
    ],
);

/// The not-found code of this test's service.
const NOT_FOUND: &str = "5001017";

static DELETED: Waiter<GetSnapshotDetail> = Waiter::new(
    "snapshotDeleted",
    WaitOptions::new(
        Duration::from_secs(300),
        Duration::from_secs(2),
        Duration::from_secs(10),
    ),
    &[
        Acceptor::empty(WaitState::Success, "snapshotList", |r: &DetailResponse, _| {
            r.snapshot_list.as_ref().is_none_or(Vec::is_empty)
        }),
        Acceptor::error_code(WaitState::Success, &[NOT_FOUND]),
        Acceptor::error_code(WaitState::Retry, &["9000"]),
    ],
);

fn detail(code: &str) -> Result<HttpResponse, TransportError> {
    response(
        200,
        &format!(
            r#"{{"getSnapshotDetailResponse": {{"returnCode": "0", "snapshotList": [{{"status": {{"code": "{code}"}}}}]}}}}"#
        ),
    )
}

fn no_snapshot() -> Result<HttpResponse, TransportError> {
    response(
        200,
        r#"{"getSnapshotDetailResponse": {"returnCode": "0", "totalRows": 0, "snapshotList": []}}"#,
    )
}

fn service_error(status: u16, code: &str) -> Result<HttpResponse, TransportError> {
    response(
        status,
        &format!(r#"{{"responseError": {{"returnCode": "{code}", "returnMessage": "message {code}"}}}}"#),
    )
}

fn throttled() -> Result<HttpResponse, TransportError> {
    response(
        429,
        r#"{"error": {"errorCode": "410", "message": "Throttle Limited", "details": ""}}"#,
    )
}

/// A 429 that asks to be retried after `seconds`.
fn throttled_retry_after(seconds: u64) -> Result<HttpResponse, TransportError> {
    let mut answer = throttled()?;
    answer.headers.push(("retry-after".into(), seconds.to_string()));
    Ok(answer)
}

const REQUEST: GetSnapshotDetail = GetSnapshotDetail { no: "3183468" };

/// Waits with `waiter` and its default options on a client that never retries by itself.
async fn run(
    transport: &Arc<Scripted>,
    waiter: &'static Waiter<GetSnapshotDetail>,
    options: Option<WaitOptions>,
) -> Result<Waited<DetailResponse>, WaitError> {
    let client = client_with(transport.clone(), RetryPolicy::none());
    let wait = Wait::new(&client, REQUEST, waiter);
    match options {
        Some(options) => wait.options(options).await,
        None => wait.await,
    }
}

/// The time between consecutive polls.
fn gaps(transport: &Scripted) -> Vec<Duration> {
    transport.sent_at().windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test(start_paused = true)]
async fn success_after_several_polls_returns_the_last_response() {
    let transport = Scripted::new(vec![detail("INIT"), detail("INIT"), detail("CREAT"), detail("TERMT")]);
    let waited = run(&transport, &CREATED, None).await.unwrap();
    assert_eq!(status(waited.response().unwrap(), None), ["CREAT"]);
    assert_eq!(transport.sent().len(), 3, "no poll after success");
    let gaps = gaps(&transport);
    assert_eq!(gaps[0], secs(2), "the first poll at once, the second min_delay later");
    assert!((secs(2)..=secs(4)).contains(&gaps[1]), "{gaps:?}");
}

#[tokio::test(start_paused = true)]
async fn a_timeout_reports_the_last_state_the_polls_and_the_time_and_no_sleep_passes_the_deadline() {
    let transport = Scripted::new((0..100).map(|_| detail("INIT")).collect());
    let started = Instant::now();
    let error = run(&transport, &CREATED, Some(CREATED.default_options().max_wait(secs(30))))
        .await
        .unwrap_err();
    let sent_at = transport.sent_at();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(error.polls as usize, sent_at.len());
    assert_eq!(error.elapsed, secs(30));
    assert_eq!(
        *sent_at.last().unwrap() - started,
        secs(30),
        "the last sleep is cut to end at the deadline"
    );
    assert_eq!(error.last_state.as_deref(), Some("snapshotList[].status.code = INIT"));
    assert_eq!(
        error.to_string(),
        format!(
            "waiter snapshotCreated timed out: max_wait 30s elapsed; after {} polls in 30s; last state: snapshotList[].status.code = INIT",
            error.polls
        )
    );
    assert!(gaps(&transport).iter().all(|gap| *gap <= secs(10)), "max_delay holds");
}

#[tokio::test(start_paused = true)]
async fn a_failure_state_ends_the_wait_naming_the_acceptor_and_the_state() {
    let transport = Scripted::new(vec![detail("INIT"), detail("TERMT"), detail("CREAT")]);
    let error = run(&transport, &CREATED, None).await.unwrap_err();
    assert!(
        matches!(&error.reason, WaitFailure::Acceptor { index: 1, description } if description == "snapshotList[].status.code in [TERMT, NAVAI]"),
        "{error:?}"
    );
    assert_eq!((error.polls, error.elapsed), (2, secs(2)));
    assert_eq!(
        error.to_string(),
        "waiter snapshotCreated failed: acceptor 1 (snapshotList[].status.code in [TERMT, NAVAI]) matched; after 2 polls in 2s; last state: snapshotList[].status.code = TERMT"
    );
    assert_eq!(transport.sent().len(), 2);
    let as_error: Error = error.into();
    assert!(matches!(as_error, Error::Wait(_)));
    assert!(as_error.to_string().starts_with("waiter snapshotCreated failed"));
}

#[tokio::test(start_paused = true)]
async fn throttling_during_a_wait_slows_it_down_and_it_carries_on() {
    let options = WaitOptions::new(secs(600), secs(1), secs(60));
    let transport = Scripted::new(vec![detail("INIT"), throttled(), detail("INIT"), detail("CREAT")]);
    let waited = run(&transport, &CREATED, Some(options)).await.unwrap();
    assert!(waited.response().is_some());
    let gaps = gaps(&transport);
    assert_eq!(gaps[0], secs(1));
    // Unthrottled, the second delay would be between 1 s and 2 s; after a 429 it is at least
    // 2 s (that ceiling) and at most 4 s (the ceiling doubled).
    assert!((secs(2)..=secs(4)).contains(&gaps[1]), "{gaps:?}");
    // And the ceiling stays doubled: the next delay may reach 8 s.
    assert!((secs(1)..=secs(8)).contains(&gaps[2]), "{gaps:?}");
    assert_eq!(transport.sent().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn the_clients_own_retries_end_by_max_wait_and_the_error_counts_every_request() {
    // The client retries a 429 by itself, inside one poll: 3 attempts, after `Retry-After: 5`
    // (its cap). Not one of those retries may sleep past the wait's deadline.
    let transport = Scripted::new((0..50).map(|_| throttled_retry_after(5)).collect());
    let client = client_with(transport.clone(), RetryPolicy::default());
    let started = Instant::now();
    let error = Wait::new(&client, REQUEST, &CREATED)
        .max_wait(secs(1))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    // Whatever the client's retries: max_wait plus at most one request's timeout (the scripted
    // service answers at once, so nothing more).
    assert_eq!((error.elapsed, Instant::now() - started), (secs(1), secs(1)));
    let sent_at = transport.sent_at();
    assert!(sent_at.iter().all(|at| *at - started <= secs(1)), "{sent_at:?}");
    assert_eq!(error.requests as usize, sent_at.len(), "every request is counted");
    assert_eq!(error.polls, 2, "one poll at once, the last at the deadline");

    // Retries that fit in the time left are made, and counted.
    let transport = Scripted::new(vec![
        throttled_retry_after(1),
        throttled_retry_after(1),
        detail("INIT"),
        throttled_retry_after(1),
        detail("TERMT"),
    ]);
    let client = client_with(transport.clone(), RetryPolicy::default());
    let error = Wait::new(&client, REQUEST, &CREATED).await.unwrap_err();
    assert_eq!((error.polls, error.requests), (2, 5));
    assert_eq!(
        error.to_string(),
        "waiter snapshotCreated failed: acceptor 1 (snapshotList[].status.code in [TERMT, NAVAI]) matched; after 2 polls (5 requests) in 5s; last state: snapshotList[].status.code = TERMT"
    );
}

#[tokio::test(start_paused = true)]
async fn transient_service_errors_are_polled_through() {
    let transport = Scripted::new(vec![
        detail("INIT"),
        service_error(500, "1000"),
        service_error(400, "1017013"),
        service_error(400, "25013"),
        detail("CREAT"),
    ]);
    assert!(run(&transport, &CREATED, None).await.is_ok());
    assert_eq!(transport.sent().len(), 5);

    // When time runs out during them, the last state says so.
    let transport = Scripted::new((0..50).map(|_| service_error(500, "1000")).collect());
    let error = run(&transport, &CREATED, Some(CREATED.default_options().max_wait(secs(5))))
        .await
        .unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(
        error.last_state.as_deref(),
        Some("error: NCP error 1000 from getSnapshotDetail (HTTP 500): message 1000")
    );
}

#[tokio::test(start_paused = true)]
async fn any_other_error_stops_the_wait_with_that_error() {
    let transport = Scripted::new(vec![detail("INIT"), service_error(400, "1413"), detail("CREAT")]);
    let error = run(&transport, &CREATED, None).await.unwrap_err();
    let inner = error.error().unwrap();
    assert!(
        matches!(inner, Error::Service { return_code, .. } if return_code == "1413"),
        "{inner}"
    );
    assert_eq!(error.polls, 2);
    assert_eq!(
        error.to_string(),
        "waiter snapshotCreated stopped by an error: NCP error 1413 from getSnapshotDetail (HTTP 400): message 1413; after 2 polls in 2s; last state: snapshotList[].status.code = INIT"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(transport.sent().len(), 2);

    // An authentication failure, or a timed-out poll, ends it too.
    for answer in [
        response(
            401,
            r#"{"error": {"errorCode": "200", "message": "Authentication Failed", "details": ""}}"#,
        ),
        Err(TransportError::Timeout("no complete response".into())),
    ] {
        let transport = Scripted::new(vec![answer, detail("CREAT")]);
        let error = run(&transport, &CREATED, None).await.unwrap_err();
        assert!(error.error().is_some(), "{error}");
        assert_eq!((error.polls, error.last_state.as_deref()), (1, None));
    }
}

#[tokio::test(start_paused = true)]
async fn a_deletion_waiter_succeeds_on_a_not_found_code_or_an_empty_list() {
    let transport = Scripted::new(vec![detail("CREAT"), detail("TERMT"), service_error(400, NOT_FOUND)]);
    let waited = run(&transport, &DELETED, None).await.unwrap();
    assert!(matches!(&waited, Waited::Error(Error::Service { return_code, .. }) if return_code == NOT_FOUND));
    assert!(waited.into_response().is_none());
    assert_eq!(transport.sent().len(), 3);

    let transport = Scripted::new(vec![detail("TERMT"), no_snapshot()]);
    let waited = run(&transport, &DELETED, None).await.unwrap();
    assert_eq!(
        waited.response().unwrap().snapshot_list.as_deref().map(<[_]>::len),
        Some(0)
    );

    // A retry acceptor keeps waiting on an error that would otherwise end the wait.
    let transport = Scripted::new(vec![service_error(400, "9000"), no_snapshot()]);
    assert!(run(&transport, &DELETED, None).await.is_ok());
    assert_eq!(transport.sent().len(), 2);

    // While the snapshot is listed, the last state says so.
    let transport = Scripted::new((0..50).map(|_| detail("TERMT")).collect());
    let error = run(&transport, &DELETED, Some(DELETED.default_options().max_wait(secs(3))))
        .await
        .unwrap_err();
    assert_eq!(error.last_state.as_deref(), Some("snapshotList is not empty"));
}

#[tokio::test(start_paused = true)]
async fn each_poll_resends_the_same_request_signed_anew() {
    // Signing timestamps are wall-clock milliseconds: each send takes 2 ms of real time.
    let transport = Scripted::with_wall_clock_step(
        vec![detail("INIT"), detail("INIT"), detail("CREAT")],
        Duration::from_millis(2),
    );
    run(&transport, &CREATED, None).await.unwrap();
    let sent = transport.sent();
    assert_eq!(sent.len(), 3);
    let mut timestamps = Vec::new();
    let mut signatures = Vec::new();
    for request in &sent {
        assert_eq!(
            request.target, "/vserver/v2/getSnapshotDetail?snapshotNo=3183468&responseFormatType=json",
            "only the waiter's read request is sent"
        );
        let header = |name: &str| request.headers.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let timestamp: u64 = header(sign::TIMESTAMP_HEADER).parse().unwrap();
        let signature = header(sign::SIGNATURE_HEADER);
        assert_eq!(
            signature,
            sign::signature("GET", &request.target, timestamp, "access", "secret")
        );
        timestamps.push(timestamp);
        signatures.push(signature);
    }
    assert!(timestamps.windows(2).all(|w| w[0] < w[1]), "{timestamps:?}");
    signatures.dedup();
    assert_eq!(signatures.len(), 3, "three signatures");
}

#[tokio::test(start_paused = true)]
async fn unusable_options_are_refused_before_anything_is_sent() {
    let cases = [
        (
            WaitOptions::new(secs(60), secs(5), secs(1)),
            "min_delay (5s) is longer than max_delay (1s)",
        ),
        (WaitOptions::new(Duration::ZERO, secs(1), secs(1)), "max_wait is zero"),
        (
            WaitOptions::new(secs(60), Duration::ZERO, secs(1)),
            "min_delay is zero (the waiter would poll without pause)",
        ),
    ];
    for (options, problem) in cases {
        let transport = Scripted::new(vec![detail("CREAT")]);
        let error = run(&transport, &CREATED, Some(options)).await.unwrap_err();
        assert!(
            matches!(&error.reason, WaitFailure::InvalidOptions(p) if p == problem),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!("waiter snapshotCreated not started, nothing sent: {problem}")
        );
        assert!(transport.sent().is_empty());
    }
}

#[tokio::test(start_paused = true)]
async fn the_wait_setters_override_the_spec_defaults() {
    let client = client_with(Scripted::new(Vec::new()), RetryPolicy::none());
    let wait = Wait::new(&client, REQUEST, &CREATED);
    assert_eq!(wait.wait_options(), CREATED.default_options());
    let wait = wait.max_wait(secs(7)).min_delay(secs(1)).max_delay(secs(3));
    assert_eq!(wait.wait_options(), WaitOptions::new(secs(7), secs(1), secs(3)));

    let transport = Scripted::new((0..50).map(|_| detail("INIT")).collect());
    let client = client_with(transport.clone(), RetryPolicy::none());
    let error = Wait::new(&client, REQUEST, &CREATED)
        .max_wait(secs(7))
        .min_delay(secs(1))
        .max_delay(secs(3))
        .await
        .unwrap_err();
    assert_eq!(error.elapsed, secs(7));
    let gaps = gaps(&transport);
    let (last, others) = gaps.split_last().unwrap();
    assert!(others.iter().all(|gap| (secs(1)..=secs(3)).contains(gap)), "{gaps:?}");
    assert!(
        *last <= secs(3),
        "the last sleep may be cut short by the deadline: {gaps:?}"
    );
}

#[test]
fn a_wait_is_a_send_future() {
    fn is_send<T: Send>(_: &T) {}
    let client = client_with(Scripted::new(Vec::new()), RetryPolicy::none());
    let future = Wait::new(&client, REQUEST, &CREATED).into_future();
    is_send(&future);
}

#[test]
fn acceptors_match_any_or_all_values_and_describe_themselves() {
    fn codes(r: &Vec<&'static str>, _: Option<&str>) -> Vec<String> {
        r.iter().map(|s| s.to_string()).collect()
    }
    let any = Acceptor::path_any(WaitState::Success, "list[].code", codes, &["CREAT"]);
    let all = Acceptor::path_all(WaitState::Success, "list[].code", codes, &["CREAT"]);
    let mixed = vec!["CREAT", "INIT"];
    let ready = vec!["CREAT", "CREAT"];
    assert!(any.matches_response(&mixed, None) && !all.matches_response(&mixed, None));
    assert!(any.matches_response(&ready, None) && all.matches_response(&ready, None));
    assert!(
        !any.matches_response(&vec![], None) && !all.matches_response(&vec![], None),
        "no value matches nothing"
    );
    assert_eq!(any.description(), "list[].code = CREAT");
    assert_eq!(all.description(), "every list[].code = CREAT");
    assert_eq!(
        Acceptor::<Vec<&str>>::error_code(WaitState::Success, &["1", "2"]).description(),
        "error returnCode in [1, 2]"
    );
    assert_eq!(
        describe_response(&[any, all], &mixed, None),
        "list[].code = CREAT, INIT"
    );
    assert_eq!(describe_response(&[any], &vec![], None), "list[].code: none");
    let not_service = Error::Http {
        action: "x",
        status: 404,
        body_prefix: String::new(),
    };
    assert!(!Acceptor::<Vec<&str>>::error_code(WaitState::Success, &["404"]).matches_error(&not_service));
}

#[test]
fn a_target_key_selects_the_list_item_the_acceptors_look_at() {
    // (name, busy) items; the acceptor looks at the item named like the wait's target.
    fn busy(r: &Vec<(&'static str, bool)>, target: Option<&str>) -> Vec<String> {
        r.iter()
            .filter(|(name, _)| Some(*name) == target)
            .map(|(_, busy)| busy.to_string())
            .collect()
    }
    fn absent(r: &Vec<(&'static str, bool)>, target: Option<&str>) -> bool {
        !r.iter().any(|(name, _)| Some(*name) == target)
    }
    let ready = Acceptor::path_any(WaitState::Success, "list[name=…].busy", busy, &["false"]);
    let gone = Acceptor::empty(WaitState::Success, "list[name=…]", absent);
    let list = vec![("a", true), ("b", false)];
    assert!(ready.matches_response(&list, Some("b")), "b is ready");
    assert!(!ready.matches_response(&list, Some("a")), "a is busy");
    assert!(!ready.matches_response(&list, Some("c")), "c is not there");
    assert!(gone.matches_response(&list, Some("c")) && !gone.matches_response(&list, Some("a")));
    assert_eq!(
        describe_response(&[ready], &list, Some("a")),
        "list[name=…].busy = true"
    );
}

#[test]
fn acceptors_read_the_response_alone_or_the_selected_item_by_its_key() {
    type List = Vec<(&'static str, bool)>;
    fn every_busy(r: &List) -> Vec<String> {
        r.iter().map(|(_, busy)| busy.to_string()).collect()
    }
    fn busy(r: &List, key: &str) -> Vec<String> {
        r.iter()
            .filter(|(name, _)| *name == key)
            .map(|(_, busy)| busy.to_string())
            .collect()
    }
    fn empty(r: &List) -> bool {
        r.is_empty()
    }
    fn absent(r: &List, key: &str) -> bool {
        !r.iter().any(|(name, _)| *name == key)
    }
    let list: List = vec![("a", true), ("b", false)];
    let all_idle = Acceptor::all(
        WaitState::Success,
        "list[].busy",
        Values::Response(every_busy),
        &["false"],
    );
    let any_idle = Acceptor::any(
        WaitState::Success,
        "list[].busy",
        Values::Response(every_busy),
        &["false"],
    );
    assert!(any_idle.matches_response(&list, None) && !all_idle.matches_response(&list, None));
    assert!(
        any_idle.matches_response(&list, Some("ignored")),
        "a key changes nothing here"
    );
    let ready = Acceptor::any(WaitState::Success, "list[name=…].busy", Values::Item(busy), &["false"]);
    assert!(ready.matches_response(&list, Some("b")) && !ready.matches_response(&list, Some("a")));
    assert!(
        !ready.matches_response(&list, None),
        "without a key no item is selected"
    );
    let cleared = Acceptor::nothing(WaitState::Success, "list", Emptiness::Response(empty));
    assert!(cleared.matches_response(&vec![], None) && !cleared.matches_response(&list, None));
    let gone = Acceptor::nothing(WaitState::Success, "list[name=…]", Emptiness::Item(absent));
    assert!(gone.matches_response(&list, Some("c")) && !gone.matches_response(&list, Some("a")));
    assert!(
        !gone.matches_response(&list, None),
        "without a key nothing is known to be gone"
    );
    assert_eq!(
        describe_response(&[ready, gone], &list, Some("a")),
        "list[name=…].busy = true; list[name=…] is not empty"
    );
    assert_eq!(describe_response(&[ready], &list, None), "list[name=…].busy: none");
}

#[test]
fn the_transient_codes_are_those_of_the_lifecycle_notes() {
    assert_eq!(
        TRANSIENT_RETURN_CODES,
        ["1000", "1017013", "1012005", "25013", "23006", "25017", "1007009"]
    );
    assert!(is_transient(&Error::Service {
        action: "x",
        status: 400,
        return_code: "1017013".into(),
        return_message: String::new(),
    }));
}

// ---- REST waiters: HTTP status acceptors, initial delay ---------------------------------

/// A REST read action: `GET /widgets/v1/widgets/w-1`, a bare JSON answer.
#[derive(Debug, Clone)]
struct GetWidget;

impl Action for GetWidget {
    const NAME: &'static str = "getWidget";
    const PATH: &'static str = "/widgets/v1/widgets/w-1";
    const BASE_PATH: &'static str = "/widgets/v1";
    const STYLE: crate::request::Style = crate::request::Style::Rest;
    const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
    const SERVERS: &'static [Server] = &[Server {
        site: Site::Public,
        origin: "https://widgets.apigw.ntruss.com",
        base_path: "/widgets/v1",
        region_paths: &[],
    }];
    type Response = serde_json::Value;

    fn write_query(&self, _: &mut QueryWriter) {}

    fn decode_response(body: &[u8], _: crate::decode::Format) -> Result<serde_json::Value, crate::DecodeError> {
        crate::decode::rest::rest_json(body)
    }
}

fn widget_status(response: &serde_json::Value, _: Option<&str>) -> Vec<String> {
    response["status"].as_str().map(str::to_owned).into_iter().collect()
}

static GONE: Waiter<GetWidget> = Waiter::new(
    "widgetDeleted",
    WaitOptions::new(Duration::from_secs(60), Duration::from_secs(2), Duration::from_secs(10))
        .with_initial_delay(Duration::from_secs(5)),
    &[
        Acceptor::status(WaitState::Success, "", 404),
        Acceptor::path_any(WaitState::Failure, "status", widget_status, &["BROKEN"]),
    ],
);

fn deleting() -> Result<HttpResponse, TransportError> {
    response(200, r#"{"widgetId":"w-1","status":"DELETING"}"#)
}

fn rest_not_found() -> Result<HttpResponse, TransportError> {
    response(
        404,
        r#"{"error":{"errorCode":404,"statusCode":404,"message":"Not Found"},"timestamp":"t"}"#,
    )
}

fn gateway_not_found() -> Result<HttpResponse, TransportError> {
    response(
        404,
        r#"{"error":{"errorCode":"300","message":"Not Found Exception","details":"no route"}}"#,
    )
}

async fn run_rest(transport: &Arc<Scripted>) -> Result<Waited<serde_json::Value>, WaitError> {
    Wait::new(&client_with(transport.clone(), RetryPolicy::none()), GetWidget, &GONE).await
}
#[test]
fn a_status_acceptor_holds_for_a_services_error_with_that_status_only() {
    let acceptor: Acceptor<serde_json::Value> = Acceptor::status(WaitState::Success, "", 404);
    let rest = |status| Error::RestService {
        action: "getWidget",
        status,
        error: Box::new(crate::error::RestError {
            code: "404".into(),
            message: String::new(),
            details: None,
            field_errors: None,
            timestamp: None,
            body: String::new(),
        }),
    };
    assert!(acceptor.matches_error(&rest(404)));
    assert!(!acceptor.matches_error(&rest(409)));
    let service = Error::Service {
        action: "getX",
        status: 404,
        return_code: "1".into(),
        return_message: String::new(),
    };
    assert!(acceptor.matches_error(&service));
    let gateway = Error::Gateway {
        action: "getWidget",
        status: 404,
        error_code: "300".into(),
        message: String::new(),
        details: None,
    };
    assert!(
        !acceptor.matches_error(&gateway),
        "a wrong path is not a deleted resource"
    );
    let http = Error::Http {
        action: "getWidget",
        status: 404,
        body_prefix: "<html>".into(),
    };
    assert!(!acceptor.matches_error(&http));
    assert_eq!(acceptor.description(), "HTTP status 404");
    let described: Acceptor<serde_json::Value> = Acceptor::status(WaitState::Success, "widget gone (404)", 404);
    assert_eq!(described.description(), "widget gone (404)");
}

#[tokio::test(start_paused = true)]
async fn the_first_poll_waits_for_the_initial_delay_and_a_404_of_the_service_ends_the_wait() {
    let transport = Scripted::new(vec![deleting(), rest_not_found()]);
    let started = tokio::time::Instant::now();
    let waited = run_rest(&transport).await.unwrap();
    assert!(
        matches!(waited, Waited::Error(Error::RestService { status: 404, .. })),
        "{waited:?}"
    );
    let sent_at = transport.sent_at();
    assert_eq!(sent_at.len(), 2);
    assert_eq!(sent_at[0] - started, secs(5), "the initial delay, then the first poll");
    assert_eq!(sent_at[1] - sent_at[0], secs(2), "then min_delay");
}

#[tokio::test(start_paused = true)]
async fn a_gateway_404_is_not_the_resource_gone_and_ends_the_wait_as_an_error() {
    let transport = Scripted::new(vec![gateway_not_found(), rest_not_found()]);
    let error = run_rest(&transport).await.unwrap_err();
    assert!(
        matches!(error.error(), Some(Error::Gateway { status: 404, .. })),
        "{error}"
    );
    assert_eq!(transport.sent().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_initial_delay_can_be_set_and_counts_towards_max_wait() {
    let transport = Scripted::new(vec![deleting(), deleting(), deleting()]);
    let client = client_with(transport.clone(), RetryPolicy::none());
    let started = tokio::time::Instant::now();
    let wait = Wait::new(&client, GetWidget, &GONE)
        .initial_delay(secs(100))
        .max_wait(secs(30));
    assert_eq!(wait.wait_options().initial_delay, secs(100));
    let error = wait.await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    let sent_at = transport.sent_at();
    assert_eq!(sent_at.len(), 1, "one poll, at the deadline");
    assert_eq!(
        sent_at[0] - started,
        secs(30),
        "an initial delay past max_wait is cut to it"
    );
    let none = Wait::new(&client, REQUEST, &CREATED);
    assert_eq!(none.wait_options().initial_delay, Duration::ZERO, "zero unless set");
}
