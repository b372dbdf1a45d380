//! The sandbox's world: a demo business and every object created, in memory, saved to a file
//! when asked.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// What an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Campaign,
    AdSet,
    Creative,
    Ad,
    Image,
    /// A finished video upload (`AdVideo`); its upload and processing are in `State::videos`.
    Video,
}

impl Kind {
    /// The ad account edge that lists this kind.
    pub fn edge(self) -> &'static str {
        match self {
            Kind::Campaign => "campaigns",
            Kind::AdSet => "adsets",
            Kind::Creative => "adcreatives",
            Kind::Ad => "ads",
            Kind::Image => "adimages",
            Kind::Video => "advideos",
        }
    }

    /// The node type Graph names in its errors.
    pub fn node_type(self) -> &'static str {
        match self {
            Kind::Campaign => "AdCampaignGroup",
            Kind::AdSet => "AdCampaign",
            Kind::Creative => "AdCreative",
            Kind::Ad => "Adgroup",
            Kind::Image => "AdImage",
            // Graph names a video node `Video` in its errors (the SDK's class is `AdVideo`).
            Kind::Video => "Video",
        }
    }

    pub fn from_edge(edge: &str) -> Option<Kind> {
        [
            Kind::Campaign,
            Kind::AdSet,
            Kind::Creative,
            Kind::Ad,
            Kind::Image,
            Kind::Video,
        ]
        .into_iter()
        .find(|k| k.edge() == edge)
    }
}

/// How review decided an ad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Decision {
    Approved,
    /// Offending assets: `{"id", "text", "reason": [...]}` each, and the ad-level reasons.
    Disapproved {
        assets: Vec<Value>,
        reasons: Vec<String>,
    },
    /// The creative's link does not resolve.
    WithIssues {
        link: String,
    },
}

/// Review state of an ad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub decision: Decision,
    /// When the decision becomes visible (ms since the UNIX epoch).
    pub due_ms: u64,
}

/// A created object: Graph fields as they will be read back, plus bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Object {
    pub id: String,
    pub kind: Kind,
    /// The ad account's digits.
    pub account: String,
    pub fields: Map<String, Value>,
    pub created_ms: u64,
    pub updated_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

impl Object {
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}

/// A seeded ad account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub digits: String,
    pub name: String,
    pub currency: String,
    pub timezone_name: String,
}

/// One chunked upload (`upload_phase=start` on `/act_<id>/advideos`), by session id. Never the
/// bytes: how many arrived in order, and what the first chunk told of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    pub video_id: String,
    /// The ad account's digits.
    pub account: String,
    /// `file_size` as the start declared it.
    pub size: u64,
    /// Bytes appended, in order: the next chunk must start here.
    pub received: u64,
    /// Finished (a video of the account) or cancelled: no more chunks.
    pub closed: bool,
    /// What the first chunk showed (set when it arrived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sniff: Option<Sniff>,
}

/// What the sandbox reads of a video's first chunk: whether it is an ISO-BMFF/QuickTime file
/// (an `ftyp` box at offset 4), and its duration and picture size when `moov` is in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sniff {
    pub iso: bool,
    pub duration_ms: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A finished video's processing, on the simulated clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoRecord {
    pub size: u64,
    pub finished_ms: u64,
    /// When processing ends (ready, or the error below).
    pub due_ms: u64,
    /// Processing's verdict when it ends in `error`: Meta's code and words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<(i64, String)>,
    #[serde(default)]
    pub sniff: Sniff,
}

/// Everything the sandbox knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Names this world: made at random when a fresh world begins and kept with it, so a launch
    /// journal can tell the world it was made in from a later one (after a reset, say).
    #[serde(default)]
    pub world: String,
    pub next_id: u64,
    pub accounts: Vec<Account>,
    /// Objects in creation order.
    pub objects: Vec<Object>,
    /// Chunked video uploads by session id.
    #[serde(default)]
    pub uploads: BTreeMap<String, Upload>,
    /// Finished videos' processing, by video id.
    #[serde(default)]
    pub videos: BTreeMap<String, VideoRecord>,
    /// The previews the previews edges made (saved with `--state`).
    #[serde(default)]
    pub previews: super::preview_store::Previews,
    /// Uploaded images' bytes, for their `url` (in memory only).
    #[serde(skip)]
    pub image_bytes: super::preview_store::ImageBytes,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

pub const USER_ID: &str = "100000000000001";
pub const PAGE_ID: &str = "102938475610293";
pub const PAGE_NAME: &str = "dcw Demo Store";
pub const INSTAGRAM_ID: &str = "17841400000000000";
pub const PIXEL_ID: &str = "1234567890";

impl Default for State {
    fn default() -> Self {
        State {
            world: new_world(),
            next_id: 120_210_000_000_000_001,
            accounts: vec![
                Account {
                    digits: "1234567890".into(),
                    name: "dcw Demo (USD)".into(),
                    currency: "USD".into(),
                    timezone_name: "America/New_York".into(),
                },
                Account {
                    digits: "9876543210".into(),
                    name: "dcw Demo (JPY)".into(),
                    currency: "JPY".into(),
                    timezone_name: "Asia/Tokyo".into(),
                },
            ],
            objects: Vec::new(),
            uploads: BTreeMap::new(),
            videos: BTreeMap::new(),
            previews: Default::default(),
            image_bytes: Default::default(),
            index: HashMap::new(),
        }
    }
}

/// A new world's name: 16 random hex digits.
fn new_world() -> String {
    format!("{:016x}", rand::random::<u64>())
}

impl State {
    /// Rebuilds the id index after loading.
    pub fn reindex(&mut self) {
        self.index = self
            .objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
    }

    pub fn new_id(&mut self) -> String {
        let id = self.next_id;
        self.next_id += 1;
        id.to_string()
    }

    pub fn insert(&mut self, object: Object) -> &Object {
        self.index.insert(object.id.clone(), self.objects.len());
        self.objects.push(object);
        self.objects.last().expect("just pushed")
    }

    pub fn get(&self, id: &str) -> Option<&Object> {
        self.index.get(id).map(|&i| &self.objects[i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Object> {
        self.index.get(id).map(|&i| &mut self.objects[i])
    }

    pub fn account(&self, digits: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.digits == digits)
    }

    /// The image with this hash in this account.
    pub fn image(&self, account: &str, hash: &str) -> Option<&Object> {
        self.get(&format!("{account}:{hash}"))
    }

    /// Objects of a kind under an account, in creation order.
    pub fn of_kind<'a>(
        &'a self,
        account: &'a str,
        kind: Kind,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .iter()
            .filter(move |o| o.kind == kind && o.account == account)
    }

    /// Children of an object (ad sets of a campaign, ads of an ad set) of a kind.
    pub fn children<'a>(
        &'a self,
        parent_key: &'a str,
        parent: &'a str,
        kind: Kind,
    ) -> impl Iterator<Item = &'a Object> + 'a {
        self.objects
            .iter()
            .filter(move |o| o.kind == kind && o.str_field(parent_key) == Some(parent))
    }

    /// Counts of objects by kind, for the stats page.
    pub fn counts(&self) -> Value {
        let mut m = Map::new();
        for k in [
            Kind::Campaign,
            Kind::AdSet,
            Kind::Creative,
            Kind::Ad,
            Kind::Image,
        ] {
            let n = self.objects.iter().filter(|o| o.kind == k).count();
            m.insert(k.edge().to_string(), json!(n));
        }
        Value::Object(m)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<State, serde_json::Error> {
        let mut s: State = serde_json::from_str(text)?;
        if s.world.is_empty() {
            s.world = new_world();
        }
        s.reindex();
        Ok(s)
    }
}
