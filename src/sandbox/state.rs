//! The sandbox's world: a demo business and every object created, in memory, saved to a file
//! when asked.

use std::collections::HashMap;

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
        }
    }

    pub fn from_edge(edge: &str) -> Option<Kind> {
        [
            Kind::Campaign,
            Kind::AdSet,
            Kind::Creative,
            Kind::Ad,
            Kind::Image,
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
