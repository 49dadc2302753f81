//! What the emulator remembers: engagements, invitations, and the ClientTokens already used.
//! One lock guards all of it, so a check for an existing ClientToken and the insert that follows
//! are a single step: concurrent duplicates cannot create two invitations.
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use rand::Rng;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::protocol::{ApiError, Operation};

/// How long an invitation stays open before the service would expire it.
const INVITATION_LIFETIME: time::Duration = time::Duration::days(15);

/// The two catalogs the service has; they never see each other's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Catalog {
    Aws,
    Sandbox,
}

impl Catalog {
    pub fn parse(value: &str) -> Option<Catalog> {
        match value {
            "AWS" => Some(Catalog::Aws),
            "Sandbox" => Some(Catalog::Sandbox),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Catalog::Aws => "AWS",
            Catalog::Sandbox => "Sandbox",
        }
    }

    fn other(self) -> Catalog {
        match self {
            Catalog::Aws => Catalog::Sandbox,
            Catalog::Sandbox => Catalog::Aws,
        }
    }
}

/// An engagement invitations can point at.
#[derive(Debug, Clone)]
pub struct Engagement {
    pub id: String,
    pub arn: String,
    pub catalog: Catalog,
    pub title: String,
    pub description: String,
    pub modified_at: String,
}

/// One invitation as tests see it (`Emulator::stored_invitations`, `GET /__emulator/invitations`).
/// The invitation's message and payload (sensitive in the model) are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredInvitation {
    pub id: String,
    pub arn: String,
    pub catalog: String,
    pub engagement_id: String,
    pub sender_account_id: String,
    pub receiver_account_id: String,
    pub client_token: String,
    pub payload_type: String,
    pub status: String,
    pub invitation_date: String,
    pub expiration_date: String,
}

/// The whole stored invitation, for Get and List answers.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub seq: u64,
    pub summary: StoredInvitation,
    pub message: Value,
    pub receiver: Value,
    pub payload: Value,
    pub engagement_title: String,
    pub engagement_description: String,
}

/// A new invitation, already validated.
pub struct NewInvitation {
    pub catalog: Catalog,
    pub engagement_id: String,
    pub client_token: String,
    pub fingerprint: Value,
    pub receiver_account_id: String,
    pub payload_type: String,
    pub message: Value,
    pub receiver: Value,
    pub payload: Value,
}

/// A new engagement, already validated.
pub struct NewEngagement {
    pub catalog: Catalog,
    pub client_token: String,
    pub fingerprint: Value,
    pub title: String,
    pub description: String,
}

/// What a create call produced: something new, or the earlier result for the same ClientToken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub arn: String,
    pub modified_at: String,
    pub replayed: bool,
}

#[derive(Hash, PartialEq, Eq)]
struct TokenKey {
    account_id: String,
    operation: Operation,
    token: String,
}

struct TokenEntry {
    fingerprint: Value,
    created: Created,
}

#[derive(Default)]
struct Inner {
    engagements: HashMap<(Catalog, String), Engagement>,
    invitations: Vec<Invitation>,
    invitation_index: HashMap<String, usize>,
    tokens: HashMap<TokenKey, TokenEntry>,
    last_time: Option<OffsetDateTime>,
}

pub struct Store {
    seed: Vec<Engagement>,
    inner: Mutex<Inner>,
}

/// Which invitations a List call wants, and in what order.
pub struct ListQuery<'a> {
    pub catalog: Catalog,
    pub filter: &'a dyn Fn(&Invitation) -> bool,
    pub ascending: bool,
    pub after_seq: Option<u64>,
    pub limit: usize,
}

impl Store {
    pub fn new(seed: Vec<Engagement>) -> Store {
        let store = Store {
            seed,
            inner: Mutex::new(Inner::default()),
        };
        store.reset();
        store
    }

    /// Back to the seeded engagements, with no invitations and no ClientTokens.
    pub fn reset(&self) {
        let mut inner = self.lock();
        *inner = Inner::default();
        for engagement in &self.seed {
            inner.engagements.insert(
                (engagement.catalog, engagement.id.clone()),
                engagement.clone(),
            );
        }
    }

    pub fn create_invitation(
        &self,
        sender_account_id: &str,
        new: NewInvitation,
    ) -> Result<Created, ApiError> {
        let mut inner = self.lock();
        let key = TokenKey {
            account_id: sender_account_id.to_owned(),
            operation: Operation::CreateEngagementInvitation,
            token: new.client_token.clone(),
        };
        if let Some(created) = replay(&inner, &key, &new.fingerprint)? {
            return Ok(created);
        }
        let Some(engagement) = inner
            .engagements
            .get(&(new.catalog, new.engagement_id.clone()))
        else {
            return Err(engagement_not_found(
                &inner,
                new.catalog,
                &new.engagement_id,
            ));
        };
        let (engagement_title, engagement_description) =
            (engagement.title.clone(), engagement.description.clone());
        let now = inner.next_time();
        let id = loop {
            let id = format!("engi-{}", random_id(13));
            if !inner.invitation_index.contains_key(&id) {
                break id;
            }
        };
        let arn = format!(
            "arn:aws:partnercentral::{sender_account_id}:{}/engagement-invitation/{id}",
            new.catalog.as_str()
        );
        let created = Created {
            id: id.clone(),
            arn: arn.clone(),
            modified_at: timestamp(now),
            replayed: false,
        };
        let seq = inner.invitations.len() as u64;
        inner.invitations.push(Invitation {
            seq,
            summary: StoredInvitation {
                id: id.clone(),
                arn,
                catalog: new.catalog.as_str().to_owned(),
                engagement_id: new.engagement_id,
                sender_account_id: sender_account_id.to_owned(),
                receiver_account_id: new.receiver_account_id,
                client_token: new.client_token,
                payload_type: new.payload_type,
                status: "PENDING".to_owned(),
                invitation_date: timestamp(now),
                expiration_date: timestamp(now + INVITATION_LIFETIME),
            },
            message: new.message,
            receiver: new.receiver,
            payload: new.payload,
            engagement_title,
            engagement_description,
        });
        inner.invitation_index.insert(id, seq as usize);
        inner.tokens.insert(
            key,
            TokenEntry {
                fingerprint: new.fingerprint,
                created: created.clone(),
            },
        );
        Ok(created)
    }

    pub fn create_engagement(
        &self,
        owner_account_id: &str,
        new: NewEngagement,
    ) -> Result<Created, ApiError> {
        let mut inner = self.lock();
        let key = TokenKey {
            account_id: owner_account_id.to_owned(),
            operation: Operation::CreateEngagement,
            token: new.client_token.clone(),
        };
        if let Some(created) = replay(&inner, &key, &new.fingerprint)? {
            return Ok(created);
        }
        let now = inner.next_time();
        let id = loop {
            let id = format!("eng-{}", random_id(14));
            if !inner.engagements.contains_key(&(new.catalog, id.clone())) {
                break id;
            }
        };
        let engagement = Engagement {
            arn: engagement_arn(owner_account_id, new.catalog, &id),
            id: id.clone(),
            catalog: new.catalog,
            title: new.title,
            description: new.description,
            modified_at: timestamp(now),
        };
        let created = Created {
            id: id.clone(),
            arn: engagement.arn.clone(),
            modified_at: engagement.modified_at.clone(),
            replayed: false,
        };
        inner.engagements.insert((new.catalog, id), engagement);
        inner.tokens.insert(
            key,
            TokenEntry {
                fingerprint: new.fingerprint,
                created: created.clone(),
            },
        );
        Ok(created)
    }

    pub fn invitation(&self, catalog: Catalog, id: &str) -> Option<Invitation> {
        let inner = self.lock();
        let found = &inner.invitations[*inner.invitation_index.get(id)?];
        (found.summary.catalog == catalog.as_str()).then(|| found.clone())
    }

    /// One page of matching invitations, and the sequence number to continue after, if any.
    pub fn list_invitations(&self, query: &ListQuery<'_>) -> (Vec<Invitation>, Option<u64>) {
        let inner = self.lock();
        let in_range = |inv: &&Invitation| {
            inv.summary.catalog == query.catalog.as_str()
                && query.after_seq.is_none_or(|after| {
                    if query.ascending {
                        inv.seq > after
                    } else {
                        inv.seq < after
                    }
                })
                && (query.filter)(inv)
        };
        let mut page: Vec<Invitation> = if query.ascending {
            inner
                .invitations
                .iter()
                .filter(in_range)
                .take(query.limit + 1)
                .cloned()
                .collect()
        } else {
            inner
                .invitations
                .iter()
                .rev()
                .filter(in_range)
                .take(query.limit + 1)
                .cloned()
                .collect()
        };
        let next = if page.len() > query.limit {
            page.truncate(query.limit);
            page.last().map(|inv| inv.seq)
        } else {
            None
        };
        (page, next)
    }

    pub fn stored_invitations(&self) -> Vec<StoredInvitation> {
        self.lock()
            .invitations
            .iter()
            .map(|inv| inv.summary.clone())
            .collect()
    }

    pub fn invitation_count(&self) -> usize {
        self.lock().invitations.len()
    }

    pub fn engagement_count(&self) -> usize {
        self.lock().engagements.len()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere cannot leave the maps half-written: every write is one insert.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    /// Strictly increasing timestamps, so ordering by date and by creation agree.
    fn next_time(&mut self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        let now = now
            .replace_nanosecond(now.nanosecond() / 1_000_000 * 1_000_000)
            .unwrap_or(now);
        let now = match self.last_time {
            Some(last) if now <= last => last + time::Duration::milliseconds(1),
            _ => now,
        };
        self.last_time = Some(now);
        now
    }
}

fn replay(inner: &Inner, key: &TokenKey, fingerprint: &Value) -> Result<Option<Created>, ApiError> {
    match inner.tokens.get(key) {
        Some(entry) if entry.fingerprint == *fingerprint => Ok(Some(Created {
            replayed: true,
            ..entry.created.clone()
        })),
        Some(_) => Err(ApiError::conflict(format!(
            "ClientToken {:?} was already used with different parameters; use a new ClientToken \
             for a different request",
            key.token
        ))),
        None => Ok(None),
    }
}

fn engagement_not_found(inner: &Inner, catalog: Catalog, id: &str) -> ApiError {
    let hint = if inner
        .engagements
        .contains_key(&(catalog.other(), id.to_owned()))
    {
        format!(
            " (it exists in catalog {}: catalogs are kept apart)",
            catalog.other().as_str()
        )
    } else {
        String::new()
    };
    ApiError::not_found(format!(
        "Engagement {id} not found in catalog {}{hint}",
        catalog.as_str()
    ))
}

pub fn engagement_arn(account_id: &str, catalog: Catalog, id: &str) -> String {
    format!(
        "arn:aws:partnercentral::{account_id}:{}/engagement/{id}",
        catalog.as_str()
    )
}

pub fn timestamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn random_id(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}
