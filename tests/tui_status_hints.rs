//! Every hint of the status pane names a path that works: each key it names is the key the key
//! table binds (the pane is driven with every one of its actions bound to another key, so a
//! key written into a sentence by hand shows up as its default), and each `dcw` command it
//! names is one the binary has, with its flags.

use crate::common;

use common::watching::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::tui::{Action, Context, KeyMap, Pane, PaneCtx, StatusPane, Theme, draw_status};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The pane's screens.
const PANES: [Pane; 8] = Pane::ALL;

/// Every action the pane's sentences can name (each acting on a screen of the pane, and the
/// wizard's `watch`, which the pane's help names), bound to a key no action has by default:
/// a Ctrl key where letters type, else a capital, a digit or a sign the defaults leave free (not
/// one `tokens` trims as punctuation, which no text could then be seen to name).
fn rebinding() -> Vec<(Action, String)> {
    let mut plain = r"FGHIJKLMOQRSVWXZ0123456789@#$%&*<>|~^+=_\"
        .chars()
        .map(String::from);
    let mut ctrl = ["ctrl+g", "ctrl+f", "ctrl+t", "ctrl+x"].into_iter();
    Action::ALL
        .into_iter()
        .filter(|a| *a != Action::ForceQuit)
        .filter(|a| PANES.iter().any(|p| a.applies(*p)) || *a == Action::Watch)
        .map(|a| {
            let key = if a.applies(Pane::Editor) || a.applies(Pane::Filter) {
                ctrl.next().expect("enough Ctrl keys").to_string()
            } else {
                plain.next().expect("enough free keys")
            };
            (a, key)
        })
        .collect()
}

fn rebound(pane: StatusPane, keys: &[(Action, String)]) -> StatusPane {
    let o = keys
        .iter()
        .map(|(a, k)| (a.name().to_string(), vec![k.clone()]))
        .collect();
    pane.with_keys(KeyMap::with_overrides(&o).expect("the rebinding is a valid key table"))
}

fn press(p: &mut StatusPane, keys: &[(Action, String)], a: Action) {
    let k = &keys.iter().find(|(b, _)| *b == a).unwrap().1;
    let ev = match k.strip_prefix("ctrl+") {
        Some(c) => KeyEvent::new(
            KeyCode::Char(c.chars().next().unwrap()),
            KeyModifiers::CONTROL,
        ),
        None => KeyEvent::new(KeyCode::Char(k.chars().next().unwrap()), KeyModifiers::NONE),
    };
    p.on_key(ev, &mut false);
}

fn type_text(p: &mut StatusPane, text: &str) {
    for c in text.chars() {
        p.on_key(
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            &mut false,
        );
    }
}

fn screen(p: &StatusPane, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let ctx = PaneCtx {
        destination: dcw::graph::Destination::BuiltIn,
    };
    t.draw(|f| draw_status(p, &ctx, Theme { color: false }, f, f.area()))
        .unwrap();
    format!("{}", t.backend())
}

/// The notice in full, and the screen at 80x24 and 120x40.
fn look(p: &StatusPane, seen: &mut Vec<String>) {
    seen.extend(p.notice.clone());
    seen.push(screen(p, 80, 24));
    seen.push(screen(p, 120, 40));
}

fn select(p: &mut StatusPane, ad_id: &str) {
    p.selected = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == ad_id)
        .unwrap();
}

/// Selects the ad, opens its detail and starts editing its rejected text.
fn edit_the_ad(p: &mut StatusPane, keys: &[(Action, String)], ad_id: &str) {
    select(p, ad_id);
    press(p, keys, Action::Detail);
    press(p, keys, Action::Edit);
}

/// Every hint the pane gives on the way through its screens: table, help, detail (three
/// rejected assets, an issue), the fix (editor, refusal, ready, confirm, sent, failed), copy,
/// poll, bell, sort, the filter and the results, and an empty pane.
fn every_hint(keys: &[(Action, String)]) -> Vec<String> {
    use Action as A;
    let mut seen = Vec::new();
    let s = &mut seen;
    let mut p = rebound(twelve_with_three_rejected(), keys);
    look(&p, s);
    press(&mut p, keys, A::Help);
    look(&p, s);
    press(&mut p, keys, A::Help);
    for a in [
        A::Edit,
        A::SendFix,
        A::CopyId,
        A::CopyLink,
        A::Poll,
        A::Bell,
    ] {
        press(&mut p, keys, a);
        look(&p, s);
    }
    press(&mut p, keys, A::Detail);
    look(&p, s);
    press(&mut p, keys, A::PageDown);
    look(&p, s);
    press(&mut p, keys, A::Back);

    let mut p = rebound(mixed(), keys);
    let beer = "120210000000000020";
    edit_the_ad(&mut p, keys, "120210000000000030");
    look(&p, s);
    press(&mut p, keys, A::Back);
    edit_the_ad(&mut p, keys, beer);
    look(&p, s);
    press(&mut p, keys, A::Back);
    look(&p, s);
    press(&mut p, keys, A::Edit);
    press(&mut p, keys, A::Keep);
    look(&p, s);
    p.on_key(
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        &mut false,
    );
    type_text(&mut p, "Warm socks for cold days.");
    press(&mut p, keys, A::Keep);
    look(&p, s);
    // Another ad while this fix waits.
    edit_the_ad(&mut p, keys, "120210000000000030");
    look(&p, s);
    press(&mut p, keys, A::Back);
    select(&mut p, beer);
    press(&mut p, keys, A::Quit);
    look(&p, s);
    press(&mut p, keys, A::SendFix);
    look(&p, s);
    p.on_key(
        KeyEvent::new(KeyCode::Char('%'), KeyModifiers::NONE),
        &mut false,
    );
    look(&p, s);
    press(&mut p, keys, A::SendFix);
    press(&mut p, keys, A::ConfirmFix);
    look(&p, s);
    p.fixed(beer, Err("Meta said no".into()));
    look(&p, s);
    press(&mut p, keys, A::SendFix);
    press(&mut p, keys, A::ConfirmFix);
    p.fixed(beer, Ok(fix_outcome(beer)));
    look(&p, s);
    press(&mut p, keys, A::Sort);
    look(&p, s);
    press(&mut p, keys, A::PaneFilter);
    type_text(&mut p, "zzz");
    look(&p, s);
    press(&mut p, keys, A::Keep);
    look(&p, s);
    press(&mut p, keys, A::Back);
    press(&mut p, keys, A::Results);
    look(&p, s);
    press(&mut p, keys, A::NextBreakdown);
    look(&p, s);
    press(&mut p, keys, A::Back);

    look(&rebound(pane(&[], &[]), keys), s);
    seen
}

/// Each default label of an action: `↑/k` is `↑` and `k`.
fn default_labels(a: Action) -> Vec<String> {
    let label = KeyMap::default().label(a, Context::Other);
    if label == "/" {
        return vec![label];
    }
    label.split('/').map(str::to_string).collect()
}

/// The words of a text, the punctuation around them cut (a lone `?` or `/` is a key).
fn tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|t| {
            if t == "?" || t == "/" {
                t
            } else {
                t.trim_matches(|c: char| "()[]{},.;:!?«»\"'`…│─┌┐└┘".contains(c))
            }
        })
        .collect()
}

#[test]
fn every_hint_in_the_pane_names_a_key_the_table_binds_and_a_command_that_exists() {
    let keys = rebinding();
    let seen = every_hint(&keys);
    assert!(seen.len() > 60, "the walk saw {} texts", seen.len());
    // No key by its default: every key named comes from the table.
    for (a, _) in &keys {
        for label in default_labels(*a) {
            // Arrows are also signs (`rejected → in review`, `2 more … below ↓`): an arrow key
            // is looked for in the hint bars only.
            let arrow = label.chars().all(|c| "↑↓←→".contains(c));
            for text in &seen {
                let scope: Vec<&str> = if arrow {
                    text.lines().last().into_iter().collect()
                } else {
                    vec![text.as_str()]
                };
                for part in scope {
                    assert!(
                        !tokens(part).iter().any(|t| *t == label
                            || (arrow
                                && t.contains(&label)
                                && t.chars().all(|c| "↑↓←→".contains(c)))),
                        "{label} ({}, rebound) is named by hand in:\n{part}",
                        a.name()
                    );
                }
            }
        }
    }
    // The walk reached the hints that name these keys (each by its rebound key).
    let table = rebound(mixed(), &keys).keys;
    for a in [
        Action::Detail,
        Action::Back,
        Action::Edit,
        Action::Drop,
        Action::SendFix,
        Action::DiscardFix,
        Action::CopyLink,
        Action::Keep,
        Action::ConfirmFix,
        Action::PageDown,
    ] {
        let label = table.first(a, Pane::Table);
        assert!(
            seen.iter().any(|t| tokens(t).contains(&label.as_str())),
            "no hint names {} ({label})",
            a.name()
        );
    }
    // No hint sends a launched ad to the wizard, which refuses launched drafts; none claims a
    // copy it cannot know happened.
    for text in &seen {
        let t = text.replace("as in the wizard", "");
        assert!(!t.contains("in the wizard"), "{text}");
        assert!(!text.contains("Copied"), "{text}");
    }
    // Every command named exists, with its flags.
    let home = tempfile::tempdir().unwrap();
    let mut checked = Vec::new();
    for text in &seen {
        for (i, _) in text.match_indices("dcw ") {
            let rest: Vec<&str> = tokens(&text[i + 4..]);
            let Some(sub) = rest
                .first()
                .filter(|s| s.chars().all(|c| c.is_ascii_lowercase()) && !s.is_empty())
            else {
                continue;
            };
            let flags: Vec<&str> = rest[1..]
                .iter()
                .take_while(|t| t.starts_with("--") || t.starts_with("act_"))
                .filter(|t| t.starts_with("--"))
                .copied()
                .collect();
            let mut command = format!("dcw {sub}");
            for f in &flags {
                command.push_str(&format!(" {f}"));
            }
            if checked.contains(&command) {
                continue;
            }
            let out = common::cli::command(home.path(), &[sub, "--help"])
                .output()
                .unwrap();
            let help = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "`{command}` named in:\n{text}");
            for f in flags {
                assert!(help.contains(f), "`{command}`: no {f} in:\n{help}");
            }
            checked.push(command);
        }
    }
    assert!(
        checked.iter().any(|c| c == "dcw watch --account"),
        "{checked:?}"
    );
    // An ad the pane cannot fix names the way that works on every destination: relaunch.
    assert!(checked.iter().any(|c| c == "dcw open --new"), "{checked:?}");
}
