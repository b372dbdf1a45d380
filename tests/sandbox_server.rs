//! The sandbox as a server under hostile clients: bodies read outside the lock and bounded in
//! size, parameters and time; stalled and idle connections closed; a cap on connections that
//! never locks a fresh client out for good; durations from flags bounded with a clear refusal.

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::sandbox::*;
use dcw::sandbox::{Sandbox, SandboxConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: proves that nothing hangs, not how fast anything is.
const DEADLINE: Duration = Duration::from_secs(20);

fn addr(sb: &Sb) -> String {
    sb.base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection (or the deadline passes: a failure).
async fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(DEADLINE, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the sandbox kept the connection open");
    out
}

/// The status and JSON body of a raw HTTP/1.1 answer.
fn parse_answer(raw: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status: {head}"));
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    (status, body)
}

fn post_head(addr: &str, path: &str, content_type: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

#[tokio::test]
async fn an_in_process_sandbox_refuses_a_config_out_of_range_naming_the_field() {
    let e = Sandbox::start(SandboxConfig {
        latency: Duration::from_secs(99_999_999_999 * 3600),
        ..test_config()
    })
    .await
    .err()
    .expect("refused");
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(e.to_string().starts_with("latency "), "{e}");
}

#[test]
fn dcw_sandbox_refuses_durations_and_counts_out_of_range_with_exit_2() {
    let cases = [
        (
            ["--latency", "99999999999h"],
            "--latency",
            "allowed: 0s to 1m",
        ),
        (["--jitter", "2m"], "--jitter", "allowed: 0s to 1m"),
        (
            ["--review-delay", "8days"],
            "--review-delay",
            "allowed: 0s to 7days",
        ),
        (
            ["--demo-ads", "99999999"],
            "--demo-ads",
            "allowed: 0 to 5000",
        ),
    ];
    for (args, flag, range) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dcw"))
            .arg("sandbox")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let until = Instant::now() + DEADLINE;
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > until {
                let _ = child.kill();
                panic!("dcw sandbox {args:?} kept running");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains(range),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_of_two_million_parameters_is_refused_while_other_requests_are_answered() {
    let sb = start(test_config()).await;
    let body = format!("access_token={TOKEN}&name=x&{}", "a=1&".repeat(2_000_000));
    let mut upload = TcpStream::connect(addr(&sb)).await.unwrap();
    let head = post_head(
        &addr(&sb),
        "/v26.0/act_1234567890/campaigns",
        "application/x-www-form-urlencoded",
        body.len(),
    );
    upload.write_all(head.as_bytes()).await.unwrap();
    let half = body.len() / 2;
    upload.write_all(&body.as_bytes()[..half]).await.unwrap();

    // The huge request is half read: another client is answered meanwhile.
    let me = tokio::time::timeout(DEADLINE, sb.get("me", &[]))
        .await
        .expect("GET /me is answered while the huge body is still arriving");
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);

    upload.write_all(&body.as_bytes()[half..]).await.unwrap();
    let (status, answer) = parse_answer(&read_until_closed(&mut upload).await);
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"]["code"], 105, "{answer}");
    assert_eq!(answer["error"]["type"], "OAuthException");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("(#105) The number of parameters exceeded the maximum"),
        "{answer}"
    );
    assert_eq!(
        sb.stats().await["objects"]["campaigns"],
        0,
        "nothing was created from the refused body"
    );
}

#[tokio::test]
async fn more_than_a_thousand_parameters_are_refused_in_every_body_kind_and_in_a_batch() {
    let sb = start(test_config()).await;
    let many = |n: usize| -> Vec<(String, String)> {
        (0..n).map(|i| (format!("p{i}"), "1".to_string())).collect()
    };
    let url = sb.url("me");
    let token = ("access_token".to_string(), TOKEN.to_string());

    // 999 parameters and the token: 1000, taken.
    let mut query = many(999);
    query.push(token.clone());
    let r = reply(sb.client.get(&url).query(&query).send().await.unwrap()).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "1000 parameters are taken: {}",
        r.body
    );

    let mut form = many(1000);
    form.push(token.clone());
    let object: serde_json::Map<String, Value> =
        form.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    let mut multipart = reqwest::multipart::Form::new();
    for (k, v) in &form {
        multipart = multipart.text(k.clone(), v.clone());
    }
    let requests = [
        ("query", sb.client.get(&url).query(&form)),
        ("urlencoded", sb.client.post(&url).form(&form)),
        ("JSON", sb.client.post(&url).json(&object)),
        ("multipart", sb.client.post(&url).multipart(multipart)),
    ];
    for (kind, request) in requests {
        let r = reply(request.send().await.unwrap()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{kind}: {}", r.body);
        assert_eq!(r.error(), (105, None), "{kind}: {}", r.body);
    }

    // In a batch, the operation with too many is refused and the others are answered.
    let crowded = many(1001)
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let batch = json!([
        {"method": "GET", "relative_url": "me?fields=id"},
        {"method": "GET", "relative_url": format!("me?{crowded}")},
    ]);
    let r = reply(
        sb.client
            .post(format!("{}/v26.0/", sb.base))
            .form(&[
                ("access_token", TOKEN.to_string()),
                ("batch", batch.to_string()),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entries = r.body.as_array().unwrap();
    assert_eq!(entries[0]["code"], 200, "{}", r.body);
    assert_eq!(entries[1]["code"], 400, "{}", r.body);
    let refused: Value = serde_json::from_str(entries[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(refused["error"]["code"], 105, "{refused}");
}

#[tokio::test]
async fn a_body_larger_than_the_limit_is_refused_413_before_it_is_sent() {
    let sb = start(test_config()).await;
    let mut stream = TcpStream::connect(addr(&sb)).await.unwrap();
    let head = post_head(
        &addr(&sb),
        "/v26.0/act_1234567890/adimages",
        "application/x-www-form-urlencoded",
        60 * 1024 * 1024,
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (status, answer) = parse_answer(&read_until_closed(&mut stream).await);
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"]["code"], 100, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("48 MB"),
        "names the limit: {answer}"
    );
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_after_the_body_timeout() {
    let sb = start(SandboxConfig {
        body_read_timeout: Duration::from_millis(300),
        ..test_config()
    })
    .await;
    let mut stream = TcpStream::connect(addr(&sb)).await.unwrap();
    let head = post_head(
        &addr(&sb),
        "/v26.0/act_1234567890/campaigns",
        "application/x-www-form-urlencoded",
        100,
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(b"name=slow").await.unwrap();
    let started = Instant::now();
    let (status, answer) = parse_answer(&read_until_closed(&mut stream).await);
    assert_eq!(status, 408, "{answer}");
    assert_eq!(answer["error"]["code"], 100, "{answer}");
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "answered when the body timeout passed, not before: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_connection_that_stalls_in_its_headers_is_closed_after_the_header_timeout() {
    let sb = start(SandboxConfig {
        header_read_timeout: Duration::from_millis(300),
        ..test_config()
    })
    .await;
    let mut stream = TcpStream::connect(addr(&sb)).await.unwrap();
    stream
        .write_all(b"GET /v26.0/me HTTP/1.1\r\nHost: sandbox\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let rest = read_until_closed(&mut stream).await;
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "closed when the header timeout passed, not before: {:?}",
        started.elapsed()
    );
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "never answered: {rest:?}"
    );
}

#[tokio::test]
async fn a_kept_alive_connection_waits_the_idle_timeout_not_the_header_timeout() {
    let sb = start(SandboxConfig {
        header_read_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(3),
        ..test_config()
    })
    .await;
    let mut stream = TcpStream::connect(addr(&sb)).await.unwrap();
    let request = format!("GET /v26.0/me?access_token={TOKEN} HTTP/1.1\r\nHost: sandbox\r\n\r\n");
    for round in 0..2 {
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let n = tokio::time::timeout(DEADLINE, stream.read(&mut buf))
            .await
            .expect("answered")
            .unwrap();
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(text.starts_with("HTTP/1.1 200"), "round {round}: {text}");
        // Longer than the header timeout, well within the idle one.
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    // Idle for good now: closed once the idle timeout passes.
    let rest = read_until_closed(&mut stream).await;
    assert!(rest.is_empty(), "nothing more was sent: {rest:?}");
}

/// Opens `n` connections that each send half a request's headers and stall.
async fn stalled(sb: &Sb, n: usize) -> Vec<TcpStream> {
    let mut out = Vec::new();
    for _ in 0..n {
        let mut s = TcpStream::connect(addr(sb)).await.unwrap();
        s.write_all(b"GET /v26.0/me HTTP/1.1\r\nHost: ")
            .await
            .unwrap();
        out.push(s);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_connection_cap_a_fresh_client_is_served_once_stalled_ones_time_out() {
    let header = Duration::from_millis(500);
    let sb = start(SandboxConfig {
        max_connections: 4,
        header_read_timeout: header,
        ..test_config()
    })
    .await;
    let _held = stalled(&sb, 8).await;
    let started = Instant::now();
    let me = tokio::time::timeout(DEADLINE, sb.get("me", &[]))
        .await
        .expect("a fresh client is served in the end");
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert!(
        started.elapsed() >= header - Duration::from_millis(100),
        "it waited in the backlog while the cap was reached: {:?}",
        started.elapsed()
    );
    assert_eq!(sb.stats().await["requests"]["total"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_dropped_past_the_cap_free_their_places_at_once() {
    let sb = start(SandboxConfig {
        max_connections: 4,
        // Far longer than the deadline below: places come back by the drops, not by timeouts.
        header_read_timeout: Duration::from_secs(120),
        ..test_config()
    })
    .await;
    drop(stalled(&sb, 64).await);
    let me = tokio::time::timeout(Duration::from_secs(10), sb.get("me", &[]))
        .await
        .expect("served once the stalled clients hung up, long before their timeout");
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
}
