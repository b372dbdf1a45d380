//! Smaller error semantics over HTTP (issue 14, item 5): code 613 is a rate limit that holds the
//! account's gate; subcode 1487390 is met by looking the creative up, never by a blind re-send;
//! a Dynamic Creative ad cannot be deleted on its own (1340029).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use dcw::graph::{ErrorClass, GraphClient, GraphConfig, Secret};
use serde_json::json;

type Seen = Arc<Mutex<Vec<String>>>;

/// A Graph stand-in that answers every request with a bare 613 (no subcode), as Meta's tables
/// word it, and records each method and path.
async fn answers_613() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
        let record = record.clone();
        async move {
            record
                .lock()
                .unwrap()
                .push(format!("{method} {}", uri.path()));
            let e = json!({"error": {"message": "(#613) Calls to this api have exceeded the rate limit.",
                "type": "OAuthException", "code": 613, "fbtrace_id": "Ar613"}});
            (StatusCode::BAD_REQUEST, axum::Json(e)).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_613_is_a_rate_limit_that_holds_every_call_to_the_account() {
    let (base, seen) = answers_613().await;
    let mut cfg = GraphConfig::new(Secret::new("errors-test"));
    cfg.base_url = base;
    cfg.patience = Duration::ZERO;
    let c = GraphClient::new(cfg).unwrap();
    let e = c
        .post(
            "act_1234567890/campaigns",
            vec![("name".into(), "Held".into())],
        )
        .await
        .unwrap_err();
    let g = e.graph().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!((g.code, g.error_subcode), (613, None));
    assert!(
        matches!(e.class(), ErrorClass::Throttled { .. }),
        "613 is a rate limit, not a policy block: {e:?}"
    );
    assert!(!e.is_uncertain(), "a throttle refusal did nothing");
    let held = c.gate().paused_for("1234567890", c.now());
    assert!(
        held.is_some_and(|d| d > Duration::from_secs(30)),
        "the gate holds the account: {held:?}"
    );
    // The next read of the account is held by the gate and never goes out.
    let again = c
        .get("act_1234567890/campaigns", &[("fields", "id")])
        .await
        .unwrap_err();
    assert!(
        matches!(again.class(), ErrorClass::Throttled { .. }),
        "{again:?}"
    );
    let sent = seen.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "only the first write went out: {sent:?}");
    assert!(sent[0].starts_with("POST "), "{sent:?}");
}
