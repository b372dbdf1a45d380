//! A page rendered by headless Chromium (issue 18): the screenshot and the DOM after rendering
//! are checked by tests/common/chromium.rs's `check_page`, here on a small static page served
//! from a loopback thread (a solid-colour picture, a title, a body and a button of its own
//! colour). Where no Chromium is found the page test prints `skipped: <reason>` and passes;
//! `.ci/setup-tests` installs Debian's `chromium` where it can.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::chromium::{
    Colour, Render, TOLERANCE, Window, check_page, in_dom, locate, locate_in, problems,
    render_with, share_near,
};
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

const PICTURE: [u8; 3] = [24, 160, 72];
const BUTTON: [u8; 3] = [24, 119, 242];
const TITLE: &str = "Winter boots — Facebook Feed preview";
const BODY: &str = "Warm & dry from -30 °C: lined boots <for> real winters.";
const HEADLINE: &str = "Boots that last";
const CTA: &str = "Shop now";

/// A loopback HTTP/1.1 server of fixed bodies by path, on its own thread; dropping it stops
/// the thread.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

type Routes = Vec<(&'static str, &'static str, Vec<u8>)>;

impl Server {
    fn start(routes: Routes) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let routes = Arc::new(routes);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let routes = routes.clone();
                std::thread::spawn(move || answer(stream, &routes));
            }
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request (read up to its blank line, at most 16 KB, 5 s) and closes.
fn answer(mut stream: TcpStream, routes: &Routes) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split(' ').nth(1).unwrap_or("");
    let (status, kind, body) = match routes.iter().find(|(p, _, _)| *p == path) {
        Some((_, kind, body)) => ("200 OK", *kind, body.as_slice()),
        None => ("404 Not Found", "text/plain", b"not found".as_slice()),
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.write_all(body);
}

fn solid_png(rgb: [u8; 3]) -> Vec<u8> {
    solid_png_sized(rgb, 60, 45)
}

/// The page: white, the picture scaled to 480×360 (36% of an 800×600 window), the button
/// 240×64 (3.2%).
fn page() -> String {
    let esc = crate::common::chromium::in_dom;
    format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ margin: 0; background: #ffffff; font-family: sans-serif; color: #1c1e21; }}
img {{ display: block; width: 480px; height: 360px; }}
button {{ width: 240px; height: 64px; border: 0; background: #{b0:02x}{b1:02x}{b2:02x}; color: #ffffff; }}
</style></head>
<body><p>{body}</p><img src="/picture.png" alt=""><h2>{headline}</h2><button>{cta}</button></body></html>"#,
        title = esc(TITLE),
        body = esc(BODY),
        headline = esc(HEADLINE),
        cta = esc(CTA),
        b0 = BUTTON[0],
        b1 = BUTTON[1],
        b2 = BUTTON[2],
    )
}

fn serve_page() -> Server {
    Server::start(vec![
        ("/", "text/html; charset=utf-8", page().into_bytes()),
        ("/picture.png", "image/png", solid_png(PICTURE)),
    ])
}

#[test]
fn chromium_shows_the_pages_picture_and_button_and_its_dom_holds_the_texts() {
    let server = serve_page();
    let colours = [
        Colour {
            what: "the picture",
            rgb: PICTURE,
            at_least: 0.30,
        },
        Colour {
            what: "the button",
            rgb: BUTTON,
            at_least: 0.025,
        },
    ];
    check_page(
        &server.url("/"),
        Window::new(800, 600),
        &colours,
        &[TITLE, BODY, HEADLINE, CTA],
    );
}

#[test]
fn a_page_without_its_picture_or_a_text_is_named_by_the_checks() {
    // The same page with the picture's path answering 404: what a broken page would show.
    let server = Server::start(vec![("/", "text/html; charset=utf-8", page().into_bytes())]);
    let rendered = match render_with(locate(), &server.url("/"), Window::new(800, 600)) {
        Ok(Render::Done(rendered)) => rendered,
        Ok(Render::Skip(reason)) => {
            eprintln!("skipped: {reason}");
            return;
        }
        Err(e) => panic!("headless Chromium: {e}"),
    };
    let wrong = problems(
        &rendered,
        Window::new(800, 600),
        &[Colour {
            what: "the picture",
            rgb: PICTURE,
            at_least: 0.30,
        }],
        &[TITLE, "a text the page does not have"],
    );
    assert_eq!(
        wrong,
        [
            "the picture (#18a048) covers 0.0% of the screenshot, not at least 30.0%",
            "the DOM lacks \"a text the page does not have\"",
        ],
        "the picture and the missing text, nothing else"
    );
}

#[test]
fn a_missing_chromium_named_by_dcw_chromium_is_a_skip_with_the_reason() {
    let missing = "/nonexistent/dcw-test/chromium";
    let located = locate_in(Some(missing.as_ref()), Some("/usr/bin:/bin".as_ref()));
    match render_with(located, "http://127.0.0.1:9/", Window::new(800, 600)) {
        Ok(Render::Skip(reason)) => {
            assert!(reason.contains("DCW_CHROMIUM"), "{reason}");
            assert!(reason.contains(missing), "{reason}");
        }
        Ok(Render::Done(_)) => panic!("rendered with a binary that does not exist"),
        Err(e) => panic!("expected a skip, got an error: {e}"),
    }
    let none = locate_in(None, Some("/nonexistent/dcw-test".as_ref())).unwrap_err();
    assert!(
        none.contains("chromium, chromium-browser, google-chrome"),
        "{none}"
    );
}

#[test]
fn a_chromium_that_hangs_is_killed_at_its_deadline_with_its_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("chromium");
    let pid_file = dir.path().join("helper.pid");
    // A stand-in that starts a helper (as Chromium does) and never finishes.
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nsleep 300 &\necho $! > '{}'\necho starting >&2\nwait\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let window = Window {
        deadline: Duration::from_secs(1),
        ..Window::new(800, 600)
    };
    let started = Instant::now();
    let error = match render_with(Ok(fake), "http://127.0.0.1:9/", window) {
        Err(e) => e,
        Ok(_) => panic!("a Chromium that never finishes cannot render"),
    };
    assert!(started.elapsed() < Duration::from_secs(30), "{error}");
    assert!(error.contains("did not finish within 1 s"), "{error}");
    assert!(error.contains("starting"), "quotes its stderr: {error}");
    let helper = std::fs::read_to_string(&pid_file).unwrap();
    let stat = format!("/proc/{}/stat", helper.trim());
    // Killed: gone, or a zombie waiting for whoever adopted it.
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Ok(s) = std::fs::read_to_string(&stat) {
        if s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
        {
            break;
        }
        assert!(Instant::now() < deadline, "the helper still runs: {s}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_colour_count_takes_anti_aliased_pixels_and_not_other_colours() {
    let mut png = RgbaImage::from_pixel(10, 10, Rgba([255, 255, 255, 255]));
    let near = [
        BUTTON[0] + TOLERANCE,
        BUTTON[1] - TOLERANCE,
        BUTTON[2] + TOLERANCE,
    ];
    let far = [BUTTON[0], BUTTON[1], BUTTON[2] - TOLERANCE - 1];
    for x in 0..10 {
        png.put_pixel(x, 0, Rgba([BUTTON[0], BUTTON[1], BUTTON[2], 255]));
        png.put_pixel(x, 1, Rgba([near[0], near[1], near[2], 255]));
        png.put_pixel(x, 2, Rgba([far[0], far[1], far[2], 255]));
    }
    assert!((share_near(&png, BUTTON) - 0.2).abs() < 1e-9);
    assert_eq!(share_near(&RgbaImage::new(0, 0), BUTTON), 0.0);
}

/// The Done-when of issue 18: `dcw preview` against the sandbox prints a link whose page,
/// rendered by headless Chromium, shows the spec's picture (a solid colour, cropped square for
/// the Facebook Feed) and holds its Page name, title, body and the CTA button's label.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandboxs_preview_page_of_dcw_preview_renders_the_specs_picture_and_texts() {
    const MAGENTA: [u8; 3] = [200, 30, 160];
    let pictures = tempfile::tempdir().unwrap();
    let file = pictures.path().join("magenta.png");
    std::fs::write(&file, solid_png_sized(MAGENTA, 1080, 1080)).unwrap();
    let mut spec = crate::common::cli::sales_json();
    let feed = &mut spec["creative"]["asset_feed_spec"];
    feed["images"] = serde_json::json!([{"file": file.to_str().unwrap()}]);
    let title = feed["titles"][0]["text"].as_str().unwrap().to_string();
    let body = feed["bodies"][0]["text"].as_str().unwrap().to_string();
    let (p, link) =
        crate::common::previews::preview_link(&spec, &["--placement", "MOBILE_FEED_STANDARD"])
            .await;
    // The example's page is the sandbox's own demo Page, which it knows by name.
    let page = "dcw Demo Store";
    let texts = [
        in_dom(page),
        in_dom(&title),
        in_dom(&body),
        in_dom("Shop now"),
    ];
    let checked = tokio::task::spawn_blocking(move || {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let picture = Colour {
            what: "the spec's picture",
            rgb: MAGENTA,
            at_least: 0.4,
        };
        check_page(&link, Window::new(600, 900), &[picture], &texts)
    })
    .await
    .unwrap();
    drop(p);
    if !checked {
        eprintln!("skipped: the sandbox's preview page was not rendered (no Chromium)");
    }
}

fn solid_png_sized(rgb: [u8; 3], width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(width, height, Rgb(rgb));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}
