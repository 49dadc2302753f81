//! The CLI's own settings from the shared config file (`output`, `cli_pager`, `cli_auto_prompt`),
//! and the check the AWS CLI makes before anything else: a named profile must exist.
//! Credentials, region and endpoint settings are the client's business (aws-config reads them).
use crate::error::CliError;
use std::collections::HashMap;
use std::path::PathBuf;

pub struct Profile {
    settings: HashMap<String, String>,
}

fn home_file(env: &str, default: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".aws").join(default))
}

/// The `key = value` lines of one section of an INI file, or `None` when the section is absent.
fn section(path: Option<PathBuf>, header: &str) -> Option<HashMap<String, String>> {
    let text = std::fs::read_to_string(path?).ok()?;
    let mut found = None;
    let mut current: Option<HashMap<String, String>> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') && line.ends_with(']') {
            if let Some(done) = current.take() {
                found = Some(done);
            }
            let name = line[1..line.len() - 1].trim();
            if name == header {
                current = Some(found.take().unwrap_or_default());
            }
        } else if let (Some(map), Some((k, v)), false) = (
            current.as_mut(),
            line.split_once('='),
            line.starts_with(['#', ';']),
        ) {
            map.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    current.or(found)
}

impl Profile {
    /// `--profile`, then `AWS_PROFILE`, then `AWS_DEFAULT_PROFILE`, then `default`. A profile named
    /// explicitly must exist in the config or credentials file (exit 253 otherwise, as the AWS CLI).
    pub fn load(flag: Option<&str>) -> Result<Self, CliError> {
        let explicit = flag
            .map(str::to_string)
            .or_else(|| std::env::var("AWS_PROFILE").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_PROFILE").ok())
            .filter(|s| !s.is_empty());
        let name = explicit.clone().unwrap_or_else(|| "default".into());
        let config_header = if name == "default" {
            "default".to_string()
        } else {
            format!("profile {name}")
        };
        let config = section(home_file("AWS_CONFIG_FILE", "config"), &config_header);
        let credentials = section(
            home_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            &name,
        );
        if explicit.is_some() && config.is_none() && credentials.is_none() {
            return Err(CliError::Config(format!(
                "The config profile ({name}) could not be found"
            )));
        }
        Ok(Self {
            settings: config.unwrap_or_default(),
        })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}
