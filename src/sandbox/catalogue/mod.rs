//! The sandbox's seeded targeting catalogue: countries, regions, cities, postcodes, locales,
//! interests, behaviours and demographics, answered by `GET /search` (`search`), and each
//! demo account's custom and lookalike audiences (`audiences`). Built once from the data
//! embedded under `assets/sandbox/`, the same on every run; the estimate (`estimate.rs`) reads
//! its populations and audience sizes.

pub mod audiences;
pub mod people;
pub mod places;
pub mod search;

use std::collections::HashMap;
use std::sync::OnceLock;

use people::{Item, LOCALES, Locale};
use places::{COUNTRIES, City, Region, Zip};

const REGIONS: &str = include_str!("../../../assets/sandbox/regions.tsv");
const CITIES: &str = include_str!("../../../assets/sandbox/cities.tsv");
const INTERESTS: &str = include_str!("../../../assets/sandbox/interests.tsv");
const CATEGORIES: &str = include_str!("../../../assets/sandbox/categories.tsv");

/// Everything the sandbox's targeting search knows, with each name folded once for matching.
pub struct Catalogue {
    pub regions: Vec<Region>,
    pub cities: Vec<City>,
    pub zips: Vec<Zip>,
    pub interests: Vec<Item>,
    pub categories: Vec<Item>,
    /// Folded names, index for index with the lists above.
    folded: Folded,
    region_by_key: HashMap<u64, usize>,
    city_by_key: HashMap<u64, usize>,
    zip_by_key: HashMap<String, usize>,
    item_by_id: HashMap<u64, (bool, usize)>,
}

struct Folded {
    countries: Vec<String>,
    regions: Vec<String>,
    cities: Vec<String>,
    /// A city's name in its own language where Meta's is the English one (`München`).
    city_locals: Vec<Option<String>>,
    zips: Vec<String>,
    locales: Vec<String>,
    interests: Vec<String>,
}

/// How many of each the catalogue holds (for tests and the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueSizes {
    pub countries: usize,
    pub regions: usize,
    pub cities: usize,
    pub zips: usize,
    pub locales: usize,
    pub interests: usize,
    pub behaviors: usize,
    pub demographics: usize,
}

/// The catalogue, built on first use.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::build)
}

fn fold_all<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    names.map(fold).collect()
}

impl Catalogue {
    fn build() -> Catalogue {
        let regions = places::regions(REGIONS);
        let region_by_key: HashMap<u64, usize> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key, i))
            .collect();
        let cities = places::cities(CITIES, |k| region_by_key.get(&k).copied());
        let zips = places::zips(&cities, &regions);
        let interests = people::interests(INTERESTS);
        let categories = people::categories(CATEGORIES);
        let folded = Folded {
            countries: fold_all(COUNTRIES.iter().map(|c| c.name)),
            regions: fold_all(regions.iter().map(|r| r.name)),
            cities: fold_all(cities.iter().map(|c| c.name)),
            city_locals: cities
                .iter()
                .map(|c| local_name(c.name).map(fold))
                .collect(),
            zips: fold_all(zips.iter().map(|z| z.code.as_str())),
            locales: fold_all(LOCALES.iter().map(|l| l.name)),
            interests: fold_all(interests.iter().map(|i| i.name)),
        };
        let item_by_id = interests
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id, (true, i)))
            .chain(
                categories
                    .iter()
                    .enumerate()
                    .map(|(i, it)| (it.id, (false, i))),
            )
            .collect();
        Catalogue {
            city_by_key: cities.iter().enumerate().map(|(i, c)| (c.key, i)).collect(),
            zip_by_key: zips
                .iter()
                .enumerate()
                .map(|(i, z)| (z.key.clone(), i))
                .collect(),
            region_by_key,
            item_by_id,
            regions,
            cities,
            zips,
            interests,
            categories,
            folded,
        }
    }

    pub fn sizes(&self) -> CatalogueSizes {
        let class = |c: &str| {
            self.categories
                .iter()
                .filter(|i| i.class == Some(c))
                .count()
        };
        CatalogueSizes {
            countries: COUNTRIES.len(),
            regions: self.regions.len(),
            cities: self.cities.len(),
            zips: self.zips.len(),
            locales: LOCALES.len(),
            interests: self.interests.len(),
            behaviors: class("behaviors"),
            demographics: class("demographics"),
        }
    }

    pub fn region(&self, key: &str) -> Option<&Region> {
        let i = *self.region_by_key.get(&key.parse().ok()?)?;
        self.regions.get(i)
    }

    pub fn city(&self, key: &str) -> Option<&City> {
        let i = *self.city_by_key.get(&key.parse().ok()?)?;
        self.cities.get(i)
    }

    pub fn zip(&self, key: &str) -> Option<&Zip> {
        self.zips.get(*self.zip_by_key.get(key)?)
    }

    /// An interest, behaviour or demographic by its id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        let (interest, i) = *self.item_by_id.get(&id.parse().ok()?)?;
        if interest {
            self.interests.get(i)
        } else {
            self.categories.get(i)
        }
    }

    pub fn locale(&self, key: u64) -> Option<&'static Locale> {
        LOCALES.iter().find(|l| u64::from(l.key) == key)
    }

    /// The people counted in a region's country for the estimate, spread over its regions by
    /// their populations.
    pub fn region_people(&self, r: &Region) -> u64 {
        let total: u64 = self
            .regions
            .iter()
            .filter(|o| o.country == r.country)
            .map(|o| o.people)
            .sum();
        let country = COUNTRIES[r.country].people;
        share(country, r.people, total)
    }

    /// A city's people counted for the estimate: its population at its country's rate of
    /// people counted per resident (the region populations stand in for the residents).
    pub fn city_people(&self, c: &City) -> u64 {
        let residents: u64 = self
            .regions
            .iter()
            .filter(|o| o.country == c.country)
            .map(|o| o.people)
            .sum();
        share(COUNTRIES[c.country].people, c.people, residents).min(COUNTRIES[c.country].people)
    }
}

/// The local names of the cities Meta names in English, so a buyer typing the local name
/// finds them.
const LOCAL_NAMES: &[(&str, &str)] = &[
    ("Munich", "München"),
    ("Nuremberg", "Nürnberg"),
    ("Hanover", "Hannover"),
    ("Rome", "Roma"),
    ("Milan", "Milano"),
    ("Naples", "Napoli"),
    ("Turin", "Torino"),
    ("Genoa", "Genova"),
    ("Florence", "Firenze"),
    ("Venice", "Venezia"),
    ("Seville", "Sevilla"),
    ("The Hague", "Den Haag"),
    ("Mexico City", "Ciudad de México"),
];

fn local_name(name: &str) -> Option<&'static str> {
    LOCAL_NAMES
        .iter()
        .find(|(english, _)| *english == name)
        .map(|(_, local)| *local)
}

/// `whole * part / total`, without overflow; 0 when `total` is 0.
fn share(whole: u64, part: u64, total: u64) -> u64 {
    if total == 0 {
        return 0;
    }
    ((u128::from(whole) * u128::from(part)) / u128::from(total)) as u64
}

/// Lower case without accents, so `münchen` finds München and `koln` finds Köln: Latin
/// letters with diacritics fold to their base letter (`ß` to `ss`, `æ` to `ae`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ģ' => "g",
            'ì'..='ï' | 'ĩ' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' | 'ĺ' => "l",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'œ' => "oe",
            'ŕ' | 'ř' => "r",
            'ś' | 'ş' | 'š' | 'ș' => "s",
            'ß' => "ss",
            'ţ' | 'ť' | 'ț' => "t",
            'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(base);
    }
    out
}

/// How well a folded name matches a folded query: 0 when the name starts with it, 1 when a
/// word of the name does, 2 when it is inside a word; `None` when it is not in the name.
pub fn rank(name: &str, q: &str) -> Option<u8> {
    if q.is_empty() {
        return None;
    }
    if name.starts_with(q) {
        return Some(0);
    }
    let mut found = None;
    for (at, _) in name.match_indices(q) {
        let word_start = name[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if word_start {
            return Some(1);
        }
        found = Some(2);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_accents_and_case() {
        assert_eq!(fold("München"), "munchen");
        assert_eq!(fold("Köln"), "koln");
        assert_eq!(fold("Québec"), "quebec");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("São Paulo"), "sao paulo");
    }

    #[test]
    fn prefix_beats_word_prefix_beats_inside() {
        assert_eq!(rank("york", "york"), Some(0));
        assert_eq!(rank("new york", "york"), Some(1));
        assert_eq!(rank("yorkshire", "york"), Some(0));
        assert_eq!(rank("newyorkville", "york"), Some(2));
        assert_eq!(rank("boston", "york"), None);
        assert_eq!(rank("boston", ""), None);
    }

    #[test]
    fn regions_are_named_once_per_country_and_keys_are_unique() {
        let c = catalogue();
        let mut names = std::collections::HashSet::new();
        for r in &c.regions {
            assert!(names.insert((r.country, r.name)), "{} twice", r.name);
        }
        assert_eq!(c.region_by_key.len(), c.regions.len());
        assert_eq!(c.city_by_key.len(), c.cities.len());
        assert_eq!(c.zip_by_key.len(), c.zips.len());
        assert_eq!(c.item_by_id.len(), c.interests.len() + c.categories.len());
    }

    #[test]
    fn every_city_has_its_region_in_its_country() {
        let c = catalogue();
        for city in &c.cities {
            assert_eq!(
                c.regions[city.region].country, city.country,
                "{}",
                city.name
            );
        }
        assert!(c.zips.iter().all(|z| z.key.ends_with(&z.code)));
    }
}
