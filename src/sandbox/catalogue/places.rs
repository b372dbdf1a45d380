//! The places the sandbox knows: countries (a table here), regions and cities (GeoNames, in
//! `assets/sandbox/*.tsv`), and postcodes made from the cities in each country's own shape.

/// A country: its ISO code, its name in Meta's words, and the people the sandbox's estimate
/// counts there (`[sandbox's own]` monthly figures, roughly each market's online adults).
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub people: u64,
    /// How its postcodes look (`None`: the sandbox has no postcodes there).
    pub zip: Option<ZipShape>,
}

/// The shapes postcodes take, per country (`[sandbox's own]`, after each country's real form).
#[derive(Clone, Copy)]
pub enum ZipShape {
    /// `10001`: US (the first digit by state), DE, FR, ES, IT, MX.
    Five,
    /// `1012`: NL, AU.
    Four,
    /// `M5V`: Canada's forward sortation areas, Ireland's routing keys (`D02`).
    Area,
    /// `SW1`: the UK's outward codes.
    Outward,
    /// `100-0001`: Japan.
    Japan,
    /// `01310-100`: Brazil's CEP.
    Cep,
}

/// The countries the sandbox searches: the demo accounts' markets (regions, cities, postcodes)
/// and a few more (the country alone).
pub const COUNTRIES: &[Country] = &[
    country("US", "United States", 240_000_000, Some(ZipShape::Five)),
    country("GB", "United Kingdom", 52_000_000, Some(ZipShape::Outward)),
    country("DE", "Germany", 48_000_000, Some(ZipShape::Five)),
    country("FR", "France", 46_000_000, Some(ZipShape::Five)),
    country("ES", "Spain", 33_000_000, Some(ZipShape::Five)),
    country("IT", "Italy", 40_000_000, Some(ZipShape::Five)),
    country("NL", "Netherlands", 13_500_000, Some(ZipShape::Four)),
    country("IE", "Ireland", 3_900_000, Some(ZipShape::Area)),
    country("CA", "Canada", 31_000_000, Some(ZipShape::Area)),
    country("AU", "Australia", 20_000_000, Some(ZipShape::Four)),
    country("JP", "Japan", 62_000_000, Some(ZipShape::Japan)),
    country("MX", "Mexico", 95_000_000, Some(ZipShape::Five)),
    country("BR", "Brazil", 150_000_000, Some(ZipShape::Cep)),
    country("AT", "Austria", 7_000_000, None),
    country("BE", "Belgium", 9_000_000, None),
    country("CH", "Switzerland", 6_800_000, None),
    country("DK", "Denmark", 4_600_000, None),
    country("FI", "Finland", 4_100_000, None),
    country("IN", "India", 480_000_000, None),
    country("KR", "South Korea", 30_000_000, None),
    country("NO", "Norway", 4_300_000, None),
    country("NZ", "New Zealand", 3_900_000, None),
    country("PL", "Poland", 26_000_000, None),
    country("PT", "Portugal", 7_600_000, None),
    country("SE", "Sweden", 8_000_000, None),
    country("SG", "Singapore", 4_800_000, None),
    country("AE", "United Arab Emirates", 9_000_000, None),
    country("UM", "United States Minor Outlying Islands", 300, None),
];

const fn country(
    code: &'static str,
    name: &'static str,
    people: u64,
    zip: Option<ZipShape>,
) -> Country {
    Country {
        code,
        name,
        people,
        zip,
    }
}

/// A region (state, province, prefecture, Land…) of a country.
pub struct Region {
    pub key: u64,
    /// Index into [`COUNTRIES`].
    pub country: usize,
    pub name: &'static str,
    /// GeoNames: the sum of its towns' populations (the estimate scales it to the country).
    pub people: u64,
}

/// A city, in a region.
pub struct City {
    pub key: u64,
    pub country: usize,
    /// Index into the catalogue's regions.
    pub region: usize,
    pub name: &'static str,
    pub people: u64,
}

/// A postcode, near a city.
pub struct Zip {
    /// `US:10001`: what targeting takes.
    pub key: String,
    /// `10001`.
    pub code: String,
    /// Index into the catalogue's cities.
    pub city: usize,
}

/// The rows of an embedded TSV: `#` lines are comments; each row split at its tabs.
pub fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

pub fn country_index(code: &str) -> Option<usize> {
    COUNTRIES.iter().position(|c| c.code == code)
}

/// `key, country, name, people`.
pub fn regions(text: &'static str) -> Vec<Region> {
    rows(text)
        .filter_map(|r| {
            Some(Region {
                key: r.first()?.parse().ok()?,
                country: country_index(r.get(1)?)?,
                name: r.get(2)?,
                people: r.get(3)?.parse().ok()?,
            })
        })
        .collect()
}

/// `key, country, region key, name, people`; `region_at` finds a region's index by its key.
pub fn cities(text: &'static str, region_at: impl Fn(u64) -> Option<usize>) -> Vec<City> {
    rows(text)
        .filter_map(|r| {
            Some(City {
                key: r.first()?.parse().ok()?,
                country: country_index(r.get(1)?)?,
                region: region_at(r.get(2)?.parse().ok()?)?,
                name: r.get(3)?,
                people: r.get(4)?.parse().ok()?,
            })
        })
        .collect()
}

/// How many of each country's largest cities get postcodes, and how many each.
const ZIP_CITIES: usize = 30;
const ZIPS_PER_CITY: u64 = 3;

/// Postcodes for each country's largest cities (the cities come largest first per country),
/// made from the city's key so they stay the same from run to run; a code made twice is kept
/// once.
pub fn zips(cities: &[City], regions: &[Region]) -> Vec<Zip> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut per_country = vec![0usize; COUNTRIES.len()];
    for (i, city) in cities.iter().enumerate() {
        let c = &COUNTRIES[city.country];
        let Some(shape) = c.zip else { continue };
        if per_country[city.country] >= ZIP_CITIES {
            continue;
        }
        per_country[city.country] += 1;
        for n in 0..ZIPS_PER_CITY {
            let code = zip_code(shape, city, &regions[city.region], n);
            let key = format!("{}:{code}", c.code);
            if seen.insert(key.clone()) {
                out.push(Zip { key, code, city: i });
            }
        }
    }
    out
}

/// The first digit of US ZIP codes by state (USPS's national areas).
fn us_area(state: &str) -> u64 {
    const AREAS: &[(u64, &[&str])] = &[
        (
            0,
            &[
                "Connecticut",
                "Massachusetts",
                "Maine",
                "New Hampshire",
                "New Jersey",
                "Rhode Island",
                "Vermont",
            ],
        ),
        (1, &["Delaware", "New York", "Pennsylvania"]),
        (
            2,
            &[
                "District of Columbia",
                "Washington, D.C.",
                "Maryland",
                "North Carolina",
                "South Carolina",
                "Virginia",
                "West Virginia",
            ],
        ),
        (
            3,
            &["Alabama", "Florida", "Georgia", "Mississippi", "Tennessee"],
        ),
        (4, &["Indiana", "Kentucky", "Michigan", "Ohio"]),
        (
            5,
            &[
                "Iowa",
                "Minnesota",
                "Montana",
                "North Dakota",
                "South Dakota",
                "Wisconsin",
            ],
        ),
        (6, &["Illinois", "Kansas", "Missouri", "Nebraska"]),
        (7, &["Arkansas", "Louisiana", "Oklahoma", "Texas"]),
        (
            8,
            &[
                "Arizona",
                "Colorado",
                "Idaho",
                "New Mexico",
                "Nevada",
                "Utah",
                "Wyoming",
            ],
        ),
    ];
    AREAS
        .iter()
        .find(|(_, states)| states.contains(&state))
        .map_or(9, |(d, _)| *d)
}

fn zip_code(shape: ZipShape, city: &City, region: &Region, n: u64) -> String {
    let seed = city.key.wrapping_mul(2_654_435_761) % 1_000_000;
    let letters = |k: u64| (b'A' + (k % 26) as u8) as char;
    match shape {
        ZipShape::Five if COUNTRIES[city.country].code == "US" => {
            format!("{}{:04}", us_area(region.name), (seed % 9_990) + n)
        }
        ZipShape::Five => format!("{:05}", 1_000 + (seed % 97_000) + n),
        ZipShape::Four => format!("{:04}", 1_000 + (seed % 8_990) + n),
        ZipShape::Area => {
            let initial = city.name.chars().next().unwrap_or('A').to_ascii_uppercase();
            format!("{initial}{}{}", (seed + n) % 10, letters(seed / 10 + n))
        }
        ZipShape::Outward => {
            let head: String = city
                .name
                .chars()
                .filter(char::is_ascii_alphabetic)
                .take(2)
                .collect::<String>()
                .to_ascii_uppercase();
            format!("{head}{}", (seed % 20) + 1 + n)
        }
        ZipShape::Japan => format!("{:03}-{:04}", 100 + seed % 800, (seed / 800) % 10_000 + n),
        ZipShape::Cep => format!("{:05}-{:03}", 1_000 + seed % 98_000, n * 10),
    }
}
