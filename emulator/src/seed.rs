//! Engagements the emulator knows from the start: the documented demo set, and any from a file.
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;
use crate::store::{self, Catalog, Engagement};

/// (catalog, id, title, description) of the demo engagements; README.md lists the same.
const DEMO: [(Catalog, &str, &str, &str); 4] = [
    (
        Catalog::Aws,
        "eng-demo00000000a1",
        "Demo: data centre migration",
        "A retailer moving its on-premises data centre to AWS within a year.",
    ),
    (
        Catalog::Aws,
        "eng-demo00000000a2",
        "Demo: analytics platform",
        "A logistics company building a data lake and dashboards on AWS.",
    ),
    (
        Catalog::Sandbox,
        "eng-demo00000000s1",
        "Sandbox demo: data centre migration",
        "Sandbox copy of the migration engagement, for trying the API safely.",
    ),
    (
        Catalog::Sandbox,
        "eng-demo00000000s2",
        "Sandbox demo: analytics platform",
        "Sandbox copy of the analytics engagement, for trying the API safely.",
    ),
];

/// The demo engagements, owned by `owner_account_id`.
pub fn demo(owner_account_id: &str, modified_at: &str) -> Vec<Engagement> {
    DEMO.iter()
        .map(|&(catalog, id, title, description)| Engagement {
            id: id.to_owned(),
            arn: store::engagement_arn(owner_account_id, catalog, id),
            catalog,
            title: title.to_owned(),
            description: description.to_owned(),
            modified_at: modified_at.to_owned(),
        })
        .collect()
}

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
pub fn load(
    path: &Path,
    owner_account_id: &str,
    modified_at: &str,
) -> Result<Vec<Engagement>, Error> {
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
        let catalog = Catalog::parse(&seed.catalog).ok_or_else(|| {
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
            arn: store::engagement_arn(owner_account_id, catalog, &seed.id),
            id: seed.id,
            catalog,
            title: seed.title,
            description: seed.description,
            modified_at: modified_at.to_owned(),
        });
    }
    Ok(engagements)
}
