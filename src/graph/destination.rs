//! Where requests go: dcw's built-in sandbox, a sandbox on this machine's loopback, Meta, or
//! another Graph server. Worked out once, when dcw connects, and named by the header and every
//! confirmation; only [`Destination::Meta`] is ever called "Meta".

/// What a launch journal's `graph` field records for the built-in sandbox, before its world.
pub const BUILT_IN_PREFIX: &str = "sandbox:built-in:";
/// What journals of earlier dcw versions recorded for their throwaway in-process sandbox.
pub const THROWAWAY_SANDBOX: &str = "sandbox";

/// Where dcw sends its requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// dcw's own sandbox, in this process, its state kept in the data folder.
    BuiltIn,
    /// A server on this machine's loopback (`dcw sandbox`): `host:port`.
    Loopback { addr: String },
    /// Meta's Graph API, at this version.
    Meta { version: String },
    /// Some other server that speaks Graph (a proxy, say): `host[:port]` and the version.
    Other { host: String, version: String },
}

impl Destination {
    /// The destination of a Graph base URL called at `version`.
    pub fn of_base(base_url: &str, version: &str) -> Destination {
        let version = version.to_string();
        let Ok(url) = url::Url::parse(base_url.trim()) else {
            return Destination::Other {
                host: base_url.trim().to_string(),
                version,
            };
        };
        let port = url.port().map_or(String::new(), |p| format!(":{p}"));
        match url.host() {
            Some(url::Host::Ipv4(ip)) if ip.is_loopback() => Destination::Loopback {
                addr: format!("{ip}{port}"),
            },
            Some(url::Host::Ipv6(ip)) if ip.is_loopback() => Destination::Loopback {
                addr: format!("[{ip}]{port}"),
            },
            Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => {
                Destination::Loopback {
                    addr: format!("localhost{port}"),
                }
            }
            Some(url::Host::Domain(d))
                if d.eq_ignore_ascii_case("facebook.com")
                    || d.to_ascii_lowercase().ends_with(".facebook.com") =>
            {
                Destination::Meta { version }
            }
            Some(h) => Destination::Other {
                host: format!("{h}{port}"),
                version,
            },
            None => Destination::Other {
                host: base_url.trim().to_string(),
                version,
            },
        }
    }

    /// The header's words: `SANDBOX (built-in)`, `sandbox at 127.0.0.1:PORT`,
    /// `Meta · Graph API v27.0`, or `Graph API v27.0 at HOST`.
    pub fn label(&self) -> String {
        match self {
            Destination::BuiltIn => "SANDBOX (built-in)".into(),
            Destination::Loopback { addr } => format!("sandbox at {addr}"),
            Destination::Meta { version } => format!("Meta · Graph API {version}"),
            Destination::Other { host, version } => format!("Graph API {version} at {host}"),
        }
    }

    /// Nothing sent there reaches Meta.
    pub fn is_sandbox(&self) -> bool {
        matches!(self, Destination::BuiltIn | Destination::Loopback { .. })
    }

    pub fn is_meta(&self) -> bool {
        matches!(self, Destination::Meta { .. })
    }

    /// Where a confirmation says things go: `Meta · Graph API v27.0`, or the sandbox's label
    /// followed by `; nothing reaches Meta`.
    pub fn sent_to(&self) -> String {
        if self.is_sandbox() {
            format!("{}; nothing reaches Meta", self.label())
        } else {
            self.label()
        }
    }
}

/// Where a launch journal says its launch went (its `graph` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalGraph<'a> {
    /// The throwaway in-process sandbox of an earlier dcw: gone when that dcw ended.
    Throwaway,
    /// The built-in sandbox's world `world`.
    BuiltIn { world: &'a str },
    /// A Graph base URL (Meta's for journals from before the field existed).
    Url(&'a str),
}

impl<'a> JournalGraph<'a> {
    pub fn of(graph: &'a str) -> JournalGraph<'a> {
        if graph == THROWAWAY_SANDBOX {
            JournalGraph::Throwaway
        } else if let Some(world) = graph.strip_prefix(BUILT_IN_PREFIX) {
            JournalGraph::BuiltIn { world }
        } else if graph.is_empty() {
            JournalGraph::Url(super::client::DEFAULT_BASE_URL)
        } else {
            JournalGraph::Url(graph)
        }
    }

    /// Where it went, for people (a URL's version is not recorded, so none is named).
    pub fn label(&self) -> String {
        match self {
            JournalGraph::Throwaway => "an earlier dcw's throwaway sandbox".into(),
            JournalGraph::BuiltIn { .. } => Destination::BuiltIn.label(),
            JournalGraph::Url(url) => match Destination::of_base(url, "") {
                Destination::Meta { .. } => "Meta".into(),
                Destination::Other { host, .. } => format!("Graph API at {host}"),
                d => d.label(),
            },
        }
    }
}

/// The journal's `graph` for a launch in the built-in sandbox's world `world`.
pub fn built_in_graph(world: &str) -> String {
    format!("{BUILT_IN_PREFIX}{world}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_base_url_names_where_it_goes() {
        let cases = [
            ("https://graph.facebook.com", "Meta · Graph API v27.0"),
            ("https://GRAPH.facebook.com/", "Meta · Graph API v27.0"),
            ("http://127.0.0.1:41234", "sandbox at 127.0.0.1:41234"),
            ("http://localhost:8080/", "sandbox at localhost:8080"),
            ("http://[::1]:9000", "sandbox at [::1]:9000"),
            (
                "https://graph.example.net",
                "Graph API v27.0 at graph.example.net",
            ),
        ];
        for (base, label) in cases {
            let d = Destination::of_base(base, "v27.0");
            assert_eq!(d.label(), label, "{base}");
            assert_eq!(d.is_meta(), label.starts_with("Meta"), "{base}");
            assert_eq!(
                d.sent_to().contains("nothing reaches Meta"),
                label.starts_with("sandbox")
            );
        }
        assert_eq!(Destination::BuiltIn.label(), "SANDBOX (built-in)");
        assert!(!Destination::BuiltIn.is_meta() && Destination::BuiltIn.is_sandbox());
    }

    #[test]
    fn a_journal_graph_reads_back_as_where_it_went() {
        assert_eq!(JournalGraph::of("sandbox"), JournalGraph::Throwaway);
        assert_eq!(
            JournalGraph::of(&built_in_graph("ab12")),
            JournalGraph::BuiltIn { world: "ab12" }
        );
        assert_eq!(JournalGraph::of("").label(), "Meta");
        assert_eq!(
            JournalGraph::of("http://127.0.0.1:5000").label(),
            "sandbox at 127.0.0.1:5000"
        );
    }
}
