//! ISO 3166-1 alpha-2 country codes with English names (from pycountry), plus `XK` (Kosovo),
//! which Meta's targeting accepts.

/// Every country code Graph's `geo_locations.countries` takes, sorted, with its name.
pub const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania"),
    ("AM", "Armenia"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands"),
    ("AZ", "Azerbaijan"),
    ("BA", "Bosnia and Herzegovina"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei Darussalam"),
    ("BO", "Bolivia"),
    ("BQ", "Bonaire, Sint Eustatius and Saba"),
    ("BR", "Brazil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands"),
    ("CD", "Congo, The Democratic Republic of the"),
    ("CF", "Central African Republic"),
    ("CG", "Congo"),
    ("CH", "Switzerland"),
    ("CI", "Côte d'Ivoire"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DE", "Germany"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain"),
    ("ET", "Ethiopia"),
    ("FI", "Finland"),
    ("FJ", "Fiji"),
    ("FK", "Falkland Islands (Malvinas)"),
    ("FM", "Micronesia, Federated States of"),
    ("FO", "Faroe Islands"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom"),
    ("GD", "Grenada"),
    ("GE", "Georgia"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia"),
    ("HT", "Haiti"),
    ("HU", "Hungary"),
    ("ID", "Indonesia"),
    ("IE", "Ireland"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran"),
    ("IS", "Iceland"),
    ("IT", "Italy"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    ("KP", "North Korea"),
    ("KR", "South Korea"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan"),
    ("LA", "Laos"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("MF", "Saint Martin (French part)"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia"),
    ("ML", "Mali"),
    ("MM", "Myanmar"),
    ("MN", "Mongolia"),
    ("MO", "Macao"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands"),
    ("NO", "Norway"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine, State of"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("RU", "Russian Federation"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden"),
    ("SG", "Singapore"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha"),
    ("SI", "Slovenia"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "Sao Tome and Principe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)"),
    ("SY", "Syria"),
    ("SZ", "Eswatini"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste"),
    ("TM", "Turkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania"),
    ("UA", "Ukraine"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    ("US", "United States"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan"),
    ("VA", "Holy See (Vatican City State)"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela"),
    ("VG", "Virgin Islands, British"),
    ("VI", "Virgin Islands, U.S."),
    ("VN", "Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("XK", "Kosovo"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

/// The English name of an ISO-2 code, if it is one.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| COUNTRIES[i].1)
}

/// What a buyer types for a country besides its code and its name above: everyday names, former
/// names, names without their accents. Lowercase; each maps to the code Graph takes.
pub const ALIASES: &[(&str, &str)] = &[
    ("uk", "GB"),
    ("u.k.", "GB"),
    ("britain", "GB"),
    ("great britain", "GB"),
    ("england", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    ("northern ireland", "GB"),
    ("usa", "US"),
    ("u.s.", "US"),
    ("u.s.a.", "US"),
    ("america", "US"),
    ("united states of america", "US"),
    ("uae", "AE"),
    ("emirates", "AE"),
    ("korea", "KR"),
    ("republic of korea", "KR"),
    ("dprk", "KP"),
    ("holland", "NL"),
    ("the netherlands", "NL"),
    ("czech republic", "CZ"),
    ("czech", "CZ"),
    ("turkey", "TR"),
    ("turkiye", "TR"),
    ("russia", "RU"),
    ("viet nam", "VN"),
    ("ivory coast", "CI"),
    ("cote d'ivoire", "CI"),
    ("cape verde", "CV"),
    ("swaziland", "SZ"),
    ("macedonia", "MK"),
    ("burma", "MM"),
    ("brunei", "BN"),
    ("vatican", "VA"),
    ("vatican city", "VA"),
    ("drc", "CD"),
    ("dr congo", "CD"),
    ("congo-kinshasa", "CD"),
    ("congo-brazzaville", "CG"),
    ("east timor", "TL"),
    ("curacao", "CW"),
    ("reunion", "RE"),
    ("aland islands", "AX"),
    ("saint barthelemy", "BL"),
    ("st barts", "BL"),
    ("saudi", "SA"),
    ("ksa", "SA"),
    ("palestine", "PS"),
    ("the bahamas", "BS"),
    ("the gambia", "GM"),
    ("st kitts", "KN"),
    ("st lucia", "LC"),
    ("st vincent", "VC"),
    ("british virgin islands", "VG"),
    ("us virgin islands", "VI"),
    ("macau", "MO"),
    ("falklands", "FK"),
];

/// The code `text` names exactly (case-insensitive): a code, then an alias, then a name.
pub fn resolve(text: &str) -> Option<&'static str> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(&t))
        .or_else(|| {
            let code = ALIASES.iter().find(|(a, _)| *a == t)?.1;
            COUNTRIES.iter().find(|(c, _)| *c == code)
        })
        .or_else(|| COUNTRIES.iter().find(|(_, n)| n.to_lowercase() == t))
        .map(|(c, _)| *c)
}

/// A likely meant code for a common mistake (`UK` for `GB`, `EN` the language for England), or
/// the code `text` names: a code, an alias or a name.
pub fn suggest_country(text: &str) -> Option<&'static str> {
    if text.trim().eq_ignore_ascii_case("EN") {
        return Some("GB");
    }
    resolve(text)
}

/// Countries for what is typed (case-insensitive), best first: the one it names exactly (a
/// code, an alias, a name); then those whose name or an alias starts with it, the shortest
/// first ("united" is the United States, the United Kingdom, then the Emirates); then those
/// whose name or an alias contains it. For type-ahead.
pub fn search(text: &str) -> Vec<(&'static str, &'static str)> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Vec::new();
    }
    let names: Vec<(String, &'static str)> = COUNTRIES
        .iter()
        .map(|(c, n)| (n.to_lowercase(), *c))
        .chain(ALIASES.iter().map(|(a, c)| (a.to_string(), *c)))
        .collect();
    let mut codes: Vec<&'static str> = resolve(&t).into_iter().collect();
    for prefix in [true, false] {
        let mut hits: Vec<(usize, &'static str)> = names
            .iter()
            .filter(|(n, _)| {
                if prefix {
                    n.starts_with(&t)
                } else {
                    n.contains(&t)
                }
            })
            .map(|(n, c)| (n.chars().count(), *c))
            .collect();
        // The shortest name first: "united st" means the United States before its islands.
        hits.sort();
        for (_, c) in hits {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    codes
        .into_iter()
        .filter_map(|c| country_name(c).map(|n| (c, n)))
        .collect()
}

#[cfg(test)]
mod search_tests {
    use rstest::rstest;

    #[test]
    fn type_ahead_finds_codes_then_names() {
        let s = super::search("ca");
        assert_eq!(s[0], ("CA", "Canada"));
        assert!(s.iter().any(|(c, _)| *c == "KH"), "Cambodia starts with ca");
        assert!(
            s.iter().any(|(c, _)| *c == "CF"),
            "Central African Republic contains ca"
        );
        assert_eq!(super::search("germ")[0], ("DE", "Germany"));
        assert_eq!(super::search("united st")[0], ("US", "United States"));
        assert!(super::search("  ").is_empty());
    }

    /// Each alias a buyer types names its country, whatever its case and spaces around it.
    #[rstest]
    #[case::uk("uk", "GB")]
    #[case::uk_upper("UK", "GB")]
    #[case::britain("britain", "GB")]
    #[case::great_britain("Great Britain", "GB")]
    #[case::england("england", "GB")]
    #[case::scotland("scotland", "GB")]
    #[case::wales("wales", "GB")]
    #[case::northern_ireland("northern ireland", "GB")]
    #[case::usa("usa", "US")]
    #[case::us("us", "US")]
    #[case::us_dots("u.s.a.", "US")]
    #[case::america("america", "US")]
    #[case::united_states_of_america("united states of america", "US")]
    #[case::uae("uae", "AE")]
    #[case::emirates("emirates", "AE")]
    #[case::korea("korea", "KR")]
    #[case::south_korea("south korea", "KR")]
    #[case::north_korea("north korea", "KP")]
    #[case::dprk("dprk", "KP")]
    #[case::holland("holland", "NL")]
    #[case::the_netherlands("the netherlands", "NL")]
    #[case::czechia("czechia", "CZ")]
    #[case::czech_republic("czech republic", "CZ")]
    #[case::turkey("turkey", "TR")]
    #[case::turkiye("turkiye", "TR")]
    #[case::turkiye_accented("türkiye", "TR")]
    #[case::russia("russia", "RU")]
    #[case::viet_nam("viet nam", "VN")]
    #[case::ivory_coast("ivory coast", "CI")]
    #[case::cote_divoire("cote d'ivoire", "CI")]
    #[case::cape_verde("cape verde", "CV")]
    #[case::swaziland("swaziland", "SZ")]
    #[case::macedonia("macedonia", "MK")]
    #[case::burma("burma", "MM")]
    #[case::brunei("brunei", "BN")]
    #[case::vatican("vatican", "VA")]
    #[case::drc("drc", "CD")]
    #[case::dr_congo("dr congo", "CD")]
    #[case::congo_kinshasa("congo-kinshasa", "CD")]
    #[case::congo_brazzaville("congo-brazzaville", "CG")]
    #[case::east_timor("east timor", "TL")]
    #[case::curacao("curacao", "CW")]
    #[case::reunion("reunion", "RE")]
    #[case::aland("aland islands", "AX")]
    #[case::saint_barthelemy("saint barthelemy", "BL")]
    #[case::st_barts("st barts", "BL")]
    #[case::saudi("saudi", "SA")]
    #[case::ksa("ksa", "SA")]
    #[case::palestine("palestine", "PS")]
    #[case::the_bahamas("the bahamas", "BS")]
    #[case::the_gambia("the gambia", "GM")]
    #[case::st_kitts("st kitts", "KN")]
    #[case::st_lucia("st lucia", "LC")]
    #[case::st_vincent("st vincent", "VC")]
    #[case::bvi("british virgin islands", "VG")]
    #[case::usvi("us virgin islands", "VI")]
    #[case::macau("macau", "MO")]
    #[case::falklands("falklands", "FK")]
    #[case::padded("  holland ", "NL")]
    fn an_alias_names_its_country_and_comes_first(#[case] typed: &str, #[case] code: &str) {
        assert_eq!(super::resolve(typed), Some(code), "{typed:?}");
        assert_eq!(
            super::search(typed).first().map(|(c, _)| *c),
            Some(code),
            "{typed:?} lists another country first"
        );
    }

    /// What is typed lists these countries first, in this order: an exact code and an alias
    /// rank above names that merely start with or contain it.
    #[rstest]
    #[case::uk_is_gb_before_ukraine("uk", &["GB", "UA"])]
    #[case::united_lists_us_gb_ae("united", &["US", "GB", "AE"])]
    #[case::korea_shows_north_korea_too("korea", &["KR", "KP"])]
    #[case::code_before_names_containing_it("gb", &["GB"])]
    #[case::code_us_before_names("us", &["US"])]
    #[case::alias_before_american_samoa("america", &["US", "AS"])]
    #[case::alias_prefix_ranks_by_length("tur", &["TR"])]
    #[case::wales_before_wallis("wal", &["GB", "WF"])]
    #[case::accented_name_found_by_its_alias("cote", &["CI"])]
    fn the_best_matches_come_first(#[case] typed: &str, #[case] first: &[&str]) {
        let got: Vec<&str> = super::search(typed).iter().map(|(c, _)| *c).collect();
        assert_eq!(&got[..first.len()], first, "{typed:?} lists {got:?}");
    }

    #[test]
    fn every_alias_names_a_country_once() {
        let mut seen = std::collections::HashSet::new();
        for (alias, code) in super::ALIASES {
            assert!(super::country_name(code).is_some(), "{alias} names {code}");
            assert_eq!(*alias, alias.to_lowercase(), "aliases are lowercase");
            assert!(seen.insert(*alias), "{alias} is listed twice");
        }
    }

    /// A buyer types without accents: a name with one (Côte d'Ivoire, Türkiye) has an alias
    /// without.
    #[test]
    fn every_accented_name_has_an_alias_typed_without_accents() {
        for (code, name) in super::COUNTRIES.iter().filter(|(_, n)| !n.is_ascii()) {
            assert!(
                super::ALIASES
                    .iter()
                    .any(|(a, c)| c == code && a.is_ascii()),
                "{name} ({code}) has no alias without accents"
            );
        }
    }

    #[test]
    fn en_the_language_suggests_gb_and_nothing_typed_names_nothing() {
        assert_eq!(super::suggest_country("EN"), Some("GB"));
        assert_eq!(super::suggest_country("UK"), Some("GB"));
        assert_eq!(super::suggest_country("USA"), Some("US"));
        assert_eq!(super::resolve(" "), None);
        assert_eq!(
            super::resolve("united"),
            None,
            "several countries: none exactly"
        );
    }
}
