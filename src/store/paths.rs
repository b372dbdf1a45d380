//! Where dcw keeps its files: the platform's config, data and state folders, or all three under
//! `$DCW_HOME` when it is set (tests and portable setups).

use std::path::PathBuf;

/// dcw's folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
}

impl Paths {
    /// From `DCW_HOME`, else the platform's folders (XDG on Linux).
    pub fn from_env() -> Paths {
        if let Some(home) = std::env::var_os("DCW_HOME").filter(|h| !h.is_empty()) {
            return Paths::under(PathBuf::from(home));
        }
        match directories::ProjectDirs::from("", "", "dcw") {
            Some(p) => Paths {
                config_dir: p.config_dir().to_path_buf(),
                data_dir: p.data_dir().to_path_buf(),
                state_dir: p
                    .state_dir()
                    .map_or_else(|| p.data_dir().join("state"), |s| s.to_path_buf()),
            },
            None => Paths::under(PathBuf::from(".dcw")),
        }
    }

    /// All three folders under one root.
    pub fn under(root: PathBuf) -> Paths {
        Paths {
            config_dir: root.join("config"),
            data_dir: root.join("data"),
            state_dir: root.join("state"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.json")
    }

    /// The targeting presets, per ad account (`dcw presets`).
    pub fn presets_file(&self) -> PathBuf {
        super::presets::presets_file(&self.config_dir)
    }

    pub fn token_file(&self) -> PathBuf {
        self.config_dir.join("token")
    }

    pub fn launches_dir(&self) -> PathBuf {
        self.data_dir.join("launches")
    }

    /// The built-in sandbox's folder: its state and the lock of the dcw using it.
    pub fn sandbox_dir(&self) -> PathBuf {
        self.data_dir.join("sandbox")
    }

    /// The built-in sandbox's world, kept between runs.
    pub fn sandbox_state_file(&self) -> PathBuf {
        self.sandbox_dir().join("state.json")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }
}
