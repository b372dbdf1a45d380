//! The terminal: raw mode, the alternate screen and bracketed paste on the way in; all of it
//! undone on the way out, on every path (return, error, panic, signal), exactly once.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Holds the terminal in the wizard's modes; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let setup = || -> io::Result<Term> {
            let mut out = BufWriter::with_capacity(64 * 1024, io::stdout());
            crossterm::execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
            Terminal::new(CrosstermBackend::new(out))
        };
        match setup() {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                // Half set up is still set up: undo it before saying why.
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Undoes every mode, once, whoever calls first (the guard or the panic hook).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = crossterm::execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard
/// (`ESC ] 52 ; c ; <base64> BEL`): it travels with the output, so it works over SSH (and
/// through tmux with `set-clipboard on`). Pure, for the status pane and `dcw preview` alike.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{b64}\x07")
}

#[cfg(test)]
mod osc52_tests {
    #[test]
    fn osc52_wraps_the_text_in_base64_between_esc_52_and_bel() {
        assert_eq!(
            super::osc52("https://a.b/?x=1&y=2"),
            "\x1b]52;c;aHR0cHM6Ly9hLmIvP3g9MSZ5PTI=\x07"
        );
        assert_eq!(super::osc52(""), "\x1b]52;c;\x07");
    }
}
