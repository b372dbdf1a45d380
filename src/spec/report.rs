//! Findings as text for people: grouped by wizard step, errors first within each step.

use std::fmt::Write;

use super::text::sanitize;
use super::validate::{Finding, Severity, Step};

/// "2 errors, 1 warning".
pub fn summary(findings: &[Finding]) -> String {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let warnings = findings.len() - errors;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

/// The findings as an indented report, one block per step that has any. Paths, messages and
/// hints quote the spec's own values, so each passes the one sanitiser (a control character in
/// a name shows as `\x1b`, a line break as `\n`).
pub fn render_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for step in Step::ALL {
        let mut in_step: Vec<&Finding> = findings.iter().filter(|f| f.step() == step).collect();
        if in_step.is_empty() {
            continue;
        }
        in_step.sort_by_key(|f| f.severity);
        let _ = writeln!(out, "{}", step.title());
        for f in in_step {
            let word = match f.severity {
                Severity::Error => "error  ",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "  {word} {}  [{}]", sanitize(&f.path), f.code);
            let _ = writeln!(out, "          {}", sanitize(&f.message));
            if let Some(h) = &f.hint {
                let _ = writeln!(out, "          hint: {}", sanitize(h));
            }
        }
        out.push('\n');
    }
    out
}
