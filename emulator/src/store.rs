//! The state behind one lock, and the one way requests reach it: settle time-driven changes,
//! run the operation, persist if anything changed (before the answer is sent), all under the lock.
//! So a ClientToken check and the insert that follows are one step for every operation, and
//! concurrent duplicates store exactly one resource.
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::config::Credential;
use crate::error::Error;
use crate::ops::{self, Ctx};
use crate::persist::Persist;
use crate::protocol::ApiError;
use crate::seed;
use crate::world::{self, Record, StoredEvent, World};

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

pub struct Store {
    seed: Vec<seed::Engagement>,
    accounts: Vec<Credential>,
    task_duration: time::Duration,
    world: Mutex<World>,
    persist: Option<Mutex<Persist>>,
}

/// What a call did, for the counters.
pub struct Outcome {
    pub body: Result<Value, ApiError>,
    pub replayed: bool,
}

impl Store {
    pub fn new(
        seed: Vec<seed::Engagement>,
        accounts: Vec<Credential>,
        task_duration: time::Duration,
        persist: Option<Persist>,
    ) -> Result<Store, Error> {
        let loaded = match &persist {
            Some(p) => p.load()?,
            None => None,
        };
        let store = Store {
            seed,
            accounts,
            task_duration,
            world: Mutex::new(World::default()),
            persist: persist.map(Mutex::new),
        };
        match loaded {
            Some(world) => *store.lock() = world,
            None => store.reset(),
        }
        Ok(store)
    }

    pub fn accounts(&self) -> &[Credential] {
        &self.accounts
    }

    /// Back to the seed data: no invitations, no ClientTokens, no events; the clock keeps its
    /// offset (time does not run backwards).
    pub fn reset(&self) {
        let mut w = self.lock();
        let offset = w.clock_offset_ms;
        let last = w.last_time_ms;
        *w = World {
            clock_offset_ms: offset,
            last_time_ms: last,
            ..World::default()
        };
        let now = w.now();
        let at = world::timestamp(now);
        let owner = self.accounts[0].account_id.clone();
        for e in &self.seed {
            let mut doc = Map::new();
            let arn = crate::ops::engagement_arn(&owner, e.catalog, &e.id);
            doc.insert("Id".into(), e.id.clone().into());
            doc.insert("Arn".into(), arn.clone().into());
            doc.insert("Title".into(), e.title.clone().into());
            doc.insert("Description".into(), e.description.clone().into());
            doc.insert("CreatedAt".into(), at.clone().into());
            doc.insert("CreatedBy".into(), owner.clone().into());
            doc.insert("MemberCount".into(), 1.into());
            doc.insert("ModifiedAt".into(), at.clone().into());
            doc.insert("ModifiedBy".into(), owner.clone().into());
            doc.insert("Contexts".into(), json!([]));
            doc.insert("_next_context".into(), 1.into());
            doc.insert("_members".into(), json!([owner]));
            let seq = w.seq();
            w.insert(Record {
                kind: "engagement".into(),
                catalog: e.catalog.into(),
                id: e.id.clone(),
                arn,
                owner: owner.clone(),
                seq,
                doc,
            });
        }
        let mut accounts: Vec<&str> = self
            .accounts
            .iter()
            .map(|a| a.account_id.as_str())
            .collect();
        accounts.dedup();
        for account in accounts {
            for catalog in ["AWS", "Sandbox"] {
                for (_, name, category) in seed::SOLUTIONS {
                    w.next_solution += 1;
                    let id = format!("S-{:07}", w.next_solution);
                    let mut doc = Map::new();
                    doc.insert("Catalog".into(), catalog.into());
                    doc.insert("Id".into(), id.clone().into());
                    doc.insert("Arn".into(), id.clone().into());
                    doc.insert("Name".into(), name.into());
                    doc.insert("Status".into(), "Active".into());
                    doc.insert("Category".into(), category.into());
                    doc.insert("CreatedDate".into(), at.clone().into());
                    let seq = w.seq();
                    w.insert(Record {
                        kind: "solution".into(),
                        catalog: catalog.into(),
                        id: id.clone(),
                        arn: format!(
                            "arn:aws:partnercentral:{}:{account}:catalog/{catalog}/solution/{id}",
                            world::REGION
                        ),
                        owner: account.to_owned(),
                        seq,
                        doc,
                    });
                }
            }
        }
        drop(w);
        self.save();
    }

    /// Runs one operation for `caller`.
    pub fn call(
        &self,
        op: &'static str,
        handler: ops::Handler,
        caller: &Credential,
        input: &Value,
    ) -> Outcome {
        let mut w = self.lock();
        let now = w.now();
        w.settle(now);
        let before = w.version;
        let mut ctx = Ctx {
            w: &mut w,
            caller,
            accounts: &self.accounts,
            now,
            op,
            task_duration: self.task_duration,
            replayed: false,
        };
        let mut body = ops::run(&mut ctx, handler, input);
        let replayed = ctx.replayed;
        if w.version != before
            && let Err(error) = self.persist_locked(&w)
        {
            body = Err(ApiError::internal_message(format!(
                "the emulator could not write its state file: {error}"
            )));
        }
        Outcome { body, replayed }
    }

    fn persist_locked(&self, w: &World) -> Result<(), Error> {
        match &self.persist {
            Some(p) => p.lock().unwrap_or_else(|e| e.into_inner()).save(w),
            None => Ok(()),
        }
    }

    fn save(&self) {
        let w = self.lock();
        let _ = self.persist_locked(&w);
    }

    /// Moves the clock forward and applies what became due (expiries, task ends).
    pub fn advance(&self, by: time::Duration) -> Result<String, String> {
        if by.is_negative() {
            return Err("the clock only moves forward: give a positive duration".to_owned());
        }
        let mut w = self.lock();
        w.advance(by);
        let now = w.peek_now();
        w.settle(now);
        self.persist_locked(&w).map_err(|e| e.to_string())?;
        Ok(world::timestamp(now))
    }

    pub fn set_time(&self, at: time::OffsetDateTime) -> Result<String, String> {
        let mut w = self.lock();
        w.set_time(at)?;
        let now = w.peek_now();
        w.settle(now);
        self.persist_locked(&w).map_err(|e| e.to_string())?;
        Ok(world::timestamp(now))
    }

    /// The emulator's time, for the daily quotas.
    pub fn clock(&self) -> time::OffsetDateTime {
        self.lock().peek_now()
    }

    pub fn now(&self) -> String {
        let mut w = self.lock();
        let now = w.peek_now();
        w.settle(now);
        world::timestamp(now)
    }

    /// Events after sequence number `after`, oldest first, for one account or all.
    pub fn events(&self, after: u64, account: Option<&str>) -> Vec<StoredEvent> {
        let mut w = self.lock();
        let now = w.peek_now();
        w.settle(now);
        w.events
            .iter()
            .filter(|e| e.seq > after && account.is_none_or(|a| a == e.account))
            .cloned()
            .collect()
    }

    pub fn stored_invitations(&self) -> Vec<StoredInvitation> {
        let mut w = self.lock();
        let now = w.peek_now();
        w.settle(now);
        let mut all: Vec<&Record> = w
            .records
            .values()
            .filter(|r| r.kind == "engagement-invitation")
            .collect();
        all.sort_by_key(|r| r.seq);
        all.into_iter()
            .map(|r| StoredInvitation {
                id: r.id.clone(),
                arn: r.arn.clone(),
                catalog: r.catalog.clone(),
                engagement_id: r.str("EngagementId").to_owned(),
                sender_account_id: r.str("_sender").to_owned(),
                receiver_account_id: r.str("_receiver").to_owned(),
                client_token: r.str("_client_token").to_owned(),
                payload_type: r.str("PayloadType").to_owned(),
                status: r.str("Status").to_owned(),
                invitation_date: r.str("InvitationDate").to_owned(),
                expiration_date: r.str("ExpirationDate").to_owned(),
            })
            .collect()
    }

    pub fn invitation_count(&self) -> usize {
        self.lock().count("engagement-invitation")
    }

    pub fn engagement_count(&self) -> usize {
        self.lock().count("engagement")
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic in an operation leaves at worst a half-applied change of that one request.
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}
