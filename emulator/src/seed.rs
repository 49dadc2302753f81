//! Engagements the emulator knows from the start: the documented demo set, and any from a file.
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// An engagement the emulator starts with, owned by the first account.
#[derive(Debug, Clone)]
pub struct Engagement {
    pub catalog: &'static str,
    pub id: String,
    pub title: String,
    pub description: String,
}

/// (catalog, id, title, description) of the demo engagements; README.md lists the same.
const DEMO: [(&str, &str, &str, &str); 4] = [
    (
        "AWS",
        "eng-demo00000000a1",
        "Demo: data centre migration",
        "A retailer moving its on-premises data centre to AWS within a year.",
    ),
    (
        "AWS",
        "eng-demo00000000a2",
        "Demo: analytics platform",
        "A logistics company building a data lake and dashboards on AWS.",
    ),
    (
        "Sandbox",
        "eng-demo00000000s1",
        "Sandbox demo: data centre migration",
        "Sandbox copy of the migration engagement, for trying the API safely.",
    ),
    (
        "Sandbox",
        "eng-demo00000000s2",
        "Sandbox demo: analytics platform",
        "Sandbox copy of the analytics engagement, for trying the API safely.",
    ),
];

/// The demo engagements, owned by `owner_account_id`.
pub fn demo() -> Vec<Engagement> {
    DEMO.iter()
        .map(|&(catalog, id, title, description)| Engagement {
            id: id.to_owned(),
            catalog,
            title: title.to_owned(),
            description: description.to_owned(),
        })
        .collect()
}

/// The solutions each account has in each catalog (solutions are published in Partner Central,
/// not through this API): (id suffix, name, category).
pub const SOLUTIONS: [(&str, &str, &str); 2] = [
    ("1", "Demo migration factory", "Software Product"),
    ("2", "Demo data lake accelerator", "Consulting Service"),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    engagements: Vec<SeedEngagement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct SeedEngagement {
    catalog: String,
    id: String,
    title: String,
    #[serde(default)]
    description: String,
}

/// Reads `{"engagements": [{"Catalog", "Id", "Title", "Description"}]}`.
pub fn load(path: &Path) -> Result<Vec<Engagement>, Error> {
    let fail = |message: String| Error::Seed {
        path: path.to_owned(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let file: SeedFile = serde_json::from_str(&text).map_err(|e| {
        fail(format!(
            "{e}; expected {{\"engagements\": [{{\"Catalog\": \"AWS\", \"Id\": \"eng-...\", \
             \"Title\": \"...\", \"Description\": \"...\"}}]}}"
        ))
    })?;
    let mut engagements = Vec::with_capacity(file.engagements.len());
    for (i, seed) in file.engagements.into_iter().enumerate() {
        let at = format!("engagements[{i}]");
        let catalog = match seed.catalog.as_str() {
            "AWS" => Some("AWS"),
            "Sandbox" => Some("Sandbox"),
            _ => None,
        }
        .ok_or_else(|| {
            fail(format!(
                "{at}.Catalog must be AWS or Sandbox, got {:?}",
                seed.catalog
            ))
        })?;
        if !crate::ops::is_id(&seed.id, "eng-", 14) {
            return Err(fail(format!(
                "{at}.Id must be eng- followed by 14 of [0-9a-z] (e.g. eng-example0000001), got {:?}",
                seed.id
            )));
        }
        let title_len = seed.title.chars().count();
        if !(1..=40).contains(&title_len) {
            return Err(fail(format!(
                "{at}.Title must be 1 to 40 characters, got {title_len}"
            )));
        }
        if seed.description.chars().count() > 255 {
            return Err(fail(format!(
                "{at}.Description must be at most 255 characters"
            )));
        }
        engagements.push(Engagement {
            id: seed.id,
            catalog,
            title: seed.title,
            description: seed.description,
        });
    }
    Ok(engagements)
}
