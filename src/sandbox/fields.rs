//! Graph's `fields` parameter: plain names (`id,name`), nested selections
//! (`creative{id,asset_feed_spec}`, nesting allowed) and the `.fields(...)` modifier
//! (`adset.fields(id,name)`), field aliases (`name.as(title)`: the value answers under the
//! alias; refused on v27.0 by the router, see `api.rs`); other modifiers
//! (`insights.limit(5)`) are read past. A field asked
//! with sub-fields that holds a reference to another object (`{"id": "..."}`) is read as that
//! object, with its computed fields, and then narrowed to the sub-fields.
//!
//! A name the node does not have is refused before anything is read (`check`), as Graph does:
//! `(#100) Tried accessing nonexisting field (<name>) on node type (<type>)`. The names come from
//! Meta's SDK (`schema.rs`).

use serde_json::{Map, Value};

use super::error::GraphError;
use super::handler::{Ctx, full_view};
use super::schema::Node;

/// Selections nest at most this deep; anything deeper is read as an empty selection.
const MAX_DEPTH: usize = 8;

/// One field of a selection, with its sub-fields when it has braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub sub: Option<Vec<Field>>,
    /// `name.as(alias)`: the key the value answers under.
    pub alias: Option<String>,
}

impl Field {
    /// A field by its name alone.
    pub fn named(name: &str) -> Field {
        Field {
            name: name.to_string(),
            sub: None,
            alias: None,
        }
    }
}

/// The first field of `wanted` (or of a sub-selection) asked under an alias, as written
/// (`name.as(title)`).
pub fn first_alias(wanted: &[Field]) -> Option<String> {
    wanted.iter().find_map(|f| match &f.alias {
        Some(a) => Some(format!("{}.as({a})", f.name)),
        None => f.sub.as_deref().and_then(first_alias),
    })
}

/// Reads a `fields` parameter.
pub fn parse(text: &str) -> Vec<Field> {
    parse_list(text, 0)
}

fn parse_list(text: &str, depth: usize) -> Vec<Field> {
    split_top(text)
        .into_iter()
        .filter_map(|item| parse_item(item, depth))
        .collect()
}

/// Splits at the commas outside any braces or parentheses.
fn split_top(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// The inside of the first `open … close` group of `text` that is not inside another group.
fn group(text: &str, open: char, close: char) -> Option<&str> {
    let mut depth = 0usize;
    let mut begin = None;
    for (i, c) in text.char_indices() {
        match c {
            '{' | '(' => {
                if depth == 0 && c == open && begin.is_none() {
                    begin = Some(i + c.len_utf8());
                }
                depth += 1;
            }
            '}' | ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && c == close
                    && let Some(b) = begin
                {
                    return Some(&text[b..i]);
                }
            }
            _ => {}
        }
    }
    // An unclosed group reads to the end, as Graph is lenient with a missing last brace.
    begin.map(|b| &text[b..])
}

fn parse_item(item: &str, depth: usize) -> Option<Field> {
    let item = item.trim();
    let end = item.find(['.', '{', '(']).unwrap_or(item.len());
    let name = item[..end].trim();
    if name.is_empty() {
        return None;
    }
    let rest = &item[end..];
    let inner = group(rest, '{', '}').or_else(|| {
        let at = rest.find(".fields(")?;
        group(&rest[at + ".fields".len()..], '(', ')')
    });
    let sub = inner.map(|text| {
        if depth < MAX_DEPTH {
            parse_list(text, depth + 1)
        } else {
            Vec::new()
        }
    });
    let alias = top_level(rest, ".as(")
        .and_then(|at| group(&rest[at + ".as".len()..], '(', ')'))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    Some(Field {
        name: name.to_string(),
        sub,
        alias,
    })
}

/// Where `needle` starts in `text` outside any braces or parentheses.
fn top_level(text: &str, needle: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if depth == 0 && text[i..].starts_with(needle) {
            return Some(i);
        }
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Refuses the first name in `wanted` that `node` has neither as a field nor as an edge, and
/// the same inside the sub-selection of a field or edge that holds another node
/// (`adset{...}` on an ad reads an ad set). Sub-selections of plain structs are not checked.
pub fn check(node: Node, wanted: &[Field]) -> Result<(), GraphError> {
    let schema = node.schema();
    for f in wanted {
        if !schema.has(&f.name) {
            return Err(GraphError::unknown_field(node.node_type(), &f.name));
        }
        if let (Some(sub), Some(target)) = (&f.sub, schema.link(&f.name)) {
            check(target, sub)?;
        }
    }
    Ok(())
}

/// Keeps `id` and the selected fields of `full`, reading nested selections through.
pub fn select(ctx: &Ctx, full: Value, wanted: &[Field]) -> Value {
    let Value::Object(all) = full else {
        return full;
    };
    let mut out = Map::new();
    if let Some(id) = all.get("id") {
        out.insert("id".into(), id.clone());
    }
    for f in wanted {
        let Some(v) = all.get(&f.name) else {
            continue;
        };
        let value = match &f.sub {
            None => v.clone(),
            Some(sub) => nested(ctx, v, sub),
        };
        out.insert(f.alias.clone().unwrap_or_else(|| f.name.clone()), value);
    }
    Value::Object(out)
}

/// A value read through a nested selection: a reference is expanded to the object it names,
/// a struct is narrowed, a list has each of its items read so.
fn nested(ctx: &Ctx, v: &Value, sub: &[Field]) -> Value {
    match v {
        Value::Object(m) => {
            let target = m
                .get("id")
                .and_then(Value::as_str)
                .filter(|_| m.len() == 1)
                .and_then(|id| ctx.state.get(id));
            match target {
                Some(o) => select(ctx, full_view(ctx, o), sub),
                None => select(ctx, v.clone(), sub),
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| nested(ctx, i, sub)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(name: &str) -> Field {
        Field::named(name)
    }

    fn names(text: &str) -> Vec<String> {
        parse(text).into_iter().map(|f| f.name).collect()
    }

    #[test]
    fn plain_lists_are_names() {
        assert_eq!(
            parse("id, name,effective_status"),
            [leaf("id"), leaf("name"), leaf("effective_status")]
        );
        assert!(parse("").is_empty());
        assert_eq!(parse(",,name,"), [leaf("name")]);
    }

    #[test]
    fn braces_nest_and_commas_inside_them_do_not_split() {
        let f = parse("id,creative{id,asset_feed_spec},adset{id,campaign{id,name}},name");
        assert_eq!(f.len(), 4);
        assert_eq!(f[1].name, "creative");
        assert_eq!(
            f[1].sub.as_deref(),
            Some(&[leaf("id"), leaf("asset_feed_spec")][..])
        );
        let adset = f[2].sub.as_ref().unwrap();
        assert_eq!(adset[1].name, "campaign");
        assert_eq!(
            adset[1].sub.as_deref(),
            Some(&[leaf("id"), leaf("name")][..])
        );
        assert_eq!(f[3], leaf("name"));
    }

    #[test]
    fn modifiers_are_read_past_and_dot_fields_selects() {
        assert_eq!(
            names("id,name,creative{id,name},insights.limit(5)"),
            ["id", "name", "creative", "insights"]
        );
        let f = parse("adset.fields(id,name),insights.date_preset(maximum){impressions}");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].sub.as_deref(), Some(&[leaf("id"), leaf("name")][..]));
        assert_eq!(f[1].sub.as_deref(), Some(&[leaf("impressions")][..]));
    }

    fn refused(node: Node, text: &str) -> Option<String> {
        check(node, &parse(text)).err().map(|e| e.text.clone())
    }

    #[test]
    fn unknown_names_are_refused_with_the_node_graph_names() {
        use super::super::state::Kind;
        let ad = Node::Object(Kind::Ad);
        assert_eq!(
            refused(ad, "id,name,adset{id,campaign{id,name}},insights{x}"),
            None
        );
        assert_eq!(
            refused(ad, "id,nmae"),
            Some("Tried accessing nonexisting field (nmae) on node type (Adgroup)".into())
        );
        assert_eq!(
            refused(ad, "adset{id,campaign{id,nope}}"),
            Some("Tried accessing nonexisting field (nope) on node type (AdCampaignGroup)".into())
        );
        // A struct's sub-fields are not checked; an edge is a field; an account has its own list.
        assert_eq!(refused(ad, "targeting{whatever}"), None);
        assert_eq!(
            refused(
                Node::Object(Kind::Campaign),
                "adsets{id,name},ads.limit(2){id}"
            ),
            None
        );
        assert_eq!(
            refused(Node::AdAccount, "ads{id,bogus}"),
            Some("Tried accessing nonexisting field (bogus) on node type (Adgroup)".into())
        );
        assert_eq!(
            refused(Node::AdAccount, "currency,typo"),
            Some("Tried accessing nonexisting field (typo) on node type (AdAccount)".into())
        );
    }

    #[test]
    fn aliases_are_read_at_their_own_level_only() {
        let f = parse("name.as(title),creative{id,name.as(label)},adset.fields(id)");
        assert_eq!(f[0].name, "name");
        assert_eq!(f[0].alias.as_deref(), Some("title"));
        assert_eq!(
            f[1].alias, None,
            "an alias inside braces is the sub-field's"
        );
        assert_eq!(
            f[1].sub.as_ref().unwrap()[1].alias.as_deref(),
            Some("label")
        );
        assert_eq!(f[2].alias, None);
        assert_eq!(first_alias(&f).as_deref(), Some("name.as(title)"));
        assert_eq!(
            first_alias(&parse("id,creative{name.as(label)}")).as_deref(),
            Some("name.as(label)")
        );
        assert_eq!(first_alias(&parse("id,name,adset.fields(id)")), None);
    }

    #[test]
    fn deep_or_broken_braces_do_not_panic() {
        let deep = format!("a{}{}", "{b".repeat(200), "}".repeat(200));
        assert_eq!(parse(&deep)[0].name, "a");
        assert_eq!(parse("creative{id,name")[0].sub.as_ref().unwrap().len(), 2);
        let _ = parse("}}{,{");
        assert_eq!(names("a.(b),c"), ["a", "c"]);
    }
}
