//! The sandbox's mutable world, behind one lock: the state, the rate limits and the counters,
//! and how one request is admitted, charged and answered. Requests arrive here already read;
//! nothing here touches a socket.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::Value;

use super::clock::Clock;
use super::config::SandboxConfig;
use super::error::GraphError;
use super::limits::{self, Limits};
use super::state::State;
use super::wire::{Answer, GraphRequest, version_label};
use super::{api, batch};

/// Mutable world behind one lock.
pub(super) struct Core {
    pub(super) state: State,
    pub(super) limits: Limits,
    pub(super) total: u64,
    pub(super) by_route: BTreeMap<String, u64>,
    /// Answers refused for rate limits (codes 17, 613, 80004).
    pub(super) throttled: u64,
    /// Calls with a token, for `token_expires_after`.
    pub(super) token_calls: u64,
    pub(super) trace: u64,
    pub(super) clock: Arc<Clock>,
}

impl Core {
    pub(super) fn fbtrace_id(&mut self) -> String {
        use base64::Engine;
        self.trace += 1;
        let raw = format!("dcw{:08}", self.trace);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    }

    pub(super) fn usage_headers(
        &mut self,
        account: Option<&str>,
        now: Instant,
    ) -> Vec<(String, String)> {
        let tier = self.limits.tier();
        let accounts = match account {
            Some(a) => vec![a.to_string()],
            None => {
                let real: Vec<String> = self
                    .state
                    .accounts
                    .iter()
                    .map(|a| a.digits.clone())
                    .collect();
                self.limits.known_accounts(&real)
            }
        };
        let usages: Vec<(String, limits::Usage)> = accounts
            .iter()
            .map(|a| (a.clone(), self.limits.usage(a, now)))
            .collect();
        let worst = usages
            .iter()
            .map(|(_, u)| *u)
            .max_by_key(|u| u.pct)
            .unwrap_or(limits::Usage {
                pct: 0,
                regain: Duration::ZERO,
                reset: Duration::ZERO,
            });
        vec![
            (
                "X-Business-Use-Case-Usage".into(),
                limits::buc_header(tier, &usages),
            ),
            (
                "X-Ad-Account-Usage".into(),
                limits::ad_account_header(tier, worst),
            ),
        ]
    }

    pub(super) fn error_answer(
        &mut self,
        e: &GraphError,
        account: Option<&str>,
        now: Instant,
    ) -> Answer {
        if matches!(e.code, 17 | 613 | 80004) {
            self.throttled += 1;
        }
        let trace = self.fbtrace_id();
        Answer {
            status: e.status,
            body: e.envelope(&trace),
            headers: self.usage_headers(account, now),
        }
    }

    /// Counts a request and checks its token: now and the request's account, or the answer
    /// that refuses it.
    pub(super) fn admit(
        &mut self,
        config: &SandboxConfig,
        req: &GraphRequest,
    ) -> Result<(Instant, Option<String>), Answer> {
        let now = self.clock.instant();
        self.total += 1;
        *self.by_route.entry(req.route()).or_default() += 1;
        let account = api::account_of(&self.state, req).or_else(|| {
            req.params.list("ids").and_then(|ids| {
                ids.first()
                    .and_then(|id| self.state.get(id))
                    .map(|o| o.account.clone())
            })
        });
        let Some(token) = req.token.as_deref().filter(|t| !t.is_empty()) else {
            return Err(self.error_answer(&GraphError::no_token(), account.as_deref(), now));
        };
        self.token_calls += 1;
        let expired = config.expired_tokens.iter().any(|t| t == token)
            || config
                .token_expires_after
                .is_some_and(|n| self.token_calls > n);
        if expired {
            return Err(self.error_answer(&GraphError::token_expired(), account.as_deref(), now));
        }
        Ok((now, account))
    }

    /// Authorises, charges and answers one request.
    pub(super) fn execute(
        &mut self,
        config: &SandboxConfig,
        req: &GraphRequest,
        base_url: &str,
    ) -> Answer {
        let (now, account) = match self.admit(config, req) {
            Ok(admitted) => admitted,
            Err(refused) => return refused,
        };
        if is_batch(req) {
            // A batch inside a batch: run whole, under the lock already held.
            return self.run_batch(config, req, base_url, now);
        }
        // Only the business's own accounts have a score; `act_<junk>` answers 100/33 uncharged.
        let account = account.filter(|a| self.state.account(a).is_some());
        if let Some(a) = &account {
            let points = if req.method == Method::GET {
                limits::READ_POINTS
            } else {
                limits::WRITE_POINTS
            };
            if let Err(e) = self.limits.charge(a, points, now) {
                return self.error_answer(&e, Some(a), now);
            }
        }
        let mut ctx = super::handler::Ctx {
            state: &mut self.state,
            now_ms: self.clock.now_ms(),
            review_delay_ms: config.review_delay.as_millis() as u64,
            video_processing_ms: config.video_processing.as_millis() as u64,
            disable_rejected_ads: config.disable_rejected_ads,
            base_url,
        };
        match api::dispatch(&mut ctx, req) {
            Ok(body) => {
                let mut headers = self.usage_headers(account.as_deref(), now);
                // The version that answered (Graph's `facebook-api-version` header).
                if let Some(v) = req.graph_version().served() {
                    headers.push(("facebook-api-version".into(), version_label(v)));
                }
                Answer {
                    status: StatusCode::OK,
                    body,
                    headers,
                }
            }
            Err(e) => self.error_answer(&e, account.as_deref(), now),
        }
    }

    fn run_batch(
        &mut self,
        config: &SandboxConfig,
        req: &GraphRequest,
        base_url: &str,
        now: Instant,
    ) -> Answer {
        let ops = match batch::parse_param(&req.params) {
            Ok(ops) => ops,
            Err(e) => return self.error_answer(&e, None, now),
        };
        let out = batch::run(
            &ops,
            (req.token.as_deref(), req.version.as_deref()),
            |op| match op {
                Ok(sub) => self.execute(config, sub, base_url),
                Err(e) => self.error_answer(e, None, now),
            },
        );
        Answer {
            status: StatusCode::OK,
            body: Value::Array(out),
            headers: self.usage_headers(None, now),
        }
    }
}

/// `POST /` with `batch`.
pub(super) fn is_batch(req: &GraphRequest) -> bool {
    req.method == Method::POST && req.segments.is_empty() && req.params.has("batch")
}
