//! The sandbox's connections, each with deadlines: a request's headers must arrive within
//! `header_read_timeout` of the connection opening or of their first byte, and a connection
//! with no request being answered (waiting for the next one, or for its client to read an
//! answer) is closed after `idle_timeout`. A request's body has its own deadline, in the
//! handler. At most `max_connections` are served at once: the accept loop takes a permit
//! before it accepts, so more wait in the kernel's accept backlog, costing the sandbox nothing.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

/// Where a connection is, for its deadlines.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// No request being answered since then: waiting for the next one, or for the client to
    /// read the last answer. The first byte of a request starts its head.
    Idle(Instant),
    /// A request's head has been arriving since then (or the connection opened then).
    Head(Instant),
    /// A request is being answered: the handler bounds its body, the sandbox its latency.
    Busy,
}

/// A connection's phase, shared by its socket (which sees bytes arrive), its service (which
/// sees requests begin and end) and its watchdog (which closes it when a deadline passes).
#[derive(Debug)]
pub(super) struct Tracker {
    phase: Mutex<Phase>,
    changed: Notify,
    header: Duration,
    idle: Duration,
}

impl Tracker {
    /// A connection that opened now: its first request's headers are due within `header`.
    pub(super) fn new(header: Duration, idle: Duration) -> Arc<Tracker> {
        Arc::new(Tracker {
            phase: Mutex::new(Phase::Head(Instant::now())),
            changed: Notify::new(),
            header,
            idle,
        })
    }

    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
        self.changed.notify_one();
    }

    /// When the connection is closed unless something happens first; none while answering.
    fn deadline(&self) -> Option<Instant> {
        match *self.phase.lock().unwrap_or_else(|e| e.into_inner()) {
            Phase::Idle(since) => Some(since + self.idle),
            Phase::Head(since) => Some(since + self.header),
            Phase::Busy => None,
        }
    }

    fn bytes_arrived(&self) {
        let idle = matches!(
            *self.phase.lock().unwrap_or_else(|e| e.into_inner()),
            Phase::Idle(_)
        );
        if idle {
            self.set(Phase::Head(Instant::now()));
        }
    }

    /// A request's headers are in and it is being answered, until the guard drops.
    pub(super) fn answering(self: &Arc<Self>) -> Answering {
        self.set(Phase::Busy);
        Answering(self.clone())
    }

    /// Returns when the connection's deadline has passed: the caller closes it.
    pub(super) async fn expired(&self) {
        loop {
            match self.deadline() {
                Some(at) if Instant::now() >= at => return,
                Some(at) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at) => {}
                        _ = self.changed.notified() => {}
                    }
                }
                None => self.changed.notified().await,
            }
        }
    }
}

/// Marks a connection busy while it lives; idle again from the moment it drops.
pub(super) struct Answering(Arc<Tracker>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.set(Phase::Idle(Instant::now()));
    }
}

/// A socket that tells its connection's tracker when request bytes arrive.
pub(super) struct Watched<S> {
    inner: S,
    tracker: Arc<Tracker>,
}

impl<S> Watched<S> {
    pub(super) fn new(inner: S, tracker: Arc<Tracker>) -> Self {
        Watched { inner, tracker }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.tracker.bytes_arrived();
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn deadlines_follow_the_phase_of_the_connection() {
        let header = Duration::from_secs(10);
        let idle = Duration::from_secs(60);
        let t = Tracker::new(header, idle);
        let opened = Instant::now();
        assert_eq!(
            t.deadline(),
            Some(opened + header),
            "headers due after opening"
        );
        let answering = t.answering();
        assert_eq!(t.deadline(), None, "no deadline while answering");
        tokio::time::advance(Duration::from_secs(5)).await;
        drop(answering);
        let idle_since = Instant::now();
        assert_eq!(
            t.deadline(),
            Some(idle_since + idle),
            "idle after the answer"
        );
        tokio::time::advance(Duration::from_secs(30)).await;
        t.bytes_arrived();
        assert_eq!(
            t.deadline(),
            Some(Instant::now() + header),
            "a request's first byte starts its header deadline"
        );
        tokio::time::advance(Duration::from_secs(1)).await;
        t.bytes_arrived();
        assert_eq!(
            t.deadline(),
            Some(idle_since + Duration::from_secs(30) + header),
            "more bytes of the same head do not push it back"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_watchdog_waits_out_an_answer_and_then_the_idle_timeout() {
        let t = Tracker::new(Duration::from_secs(10), Duration::from_secs(60));
        let answering = t.answering();
        let started = Instant::now();
        let watchdog = tokio::spawn({
            let t = t.clone();
            async move { t.expired().await }
        });
        tokio::time::sleep(Duration::from_secs(100)).await;
        assert!(!watchdog.is_finished(), "no deadline while answering");
        drop(answering);
        watchdog.await.unwrap();
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(160),
            "closed the idle timeout after the answer"
        );
    }
}
