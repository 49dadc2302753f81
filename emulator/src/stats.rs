//! Counters tests assert on (`Emulator::stats`, `GET /__emulator/stats`).
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::faults::FaultKind;

/// A snapshot of what the emulator has done since it started (or since the last reset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Requests to the API (`POST /`), admin routes excluded.
    pub requests: u64,
    /// Invitations held now (each ClientToken counts once).
    pub invitations_stored: u64,
    /// Engagements held now, seeded ones included.
    pub engagements_stored: u64,
    pub invitations_created: u64,
    pub engagements_created: u64,
    /// Creates answered from an earlier call with the same ClientToken and parameters.
    pub idempotent_replays: u64,
    pub conflicts: u64,
    pub validation_errors: u64,
    pub not_found: u64,
    /// Requests refused by SigV4 verification.
    pub auth_failures: u64,
    /// Requests refused by the protocol checks (target, content type, JSON).
    pub protocol_errors: u64,
    pub throttled: u64,
    pub injected_errors: u64,
    pub dropped_connections: u64,
    pub stored_then_failed: u64,
    /// Connections accepted (HTTP or HTTPS), whatever became of them.
    pub connections: u64,
    /// HTTPS connections that ended in the handshake, typically a client refusing the certificate.
    pub tls_handshake_failures: u64,
    /// Events POSTed to `event_url` and answered 2xx.
    pub events_delivered: u64,
    /// POSTs of events that failed and were retried.
    pub event_delivery_failures: u64,
}

#[derive(Default)]
pub(crate) struct Counter(AtomicU64);

impl Counter {
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn reset(&self) {
        self.0.store(0, Ordering::Relaxed);
    }
}

#[derive(Default)]
pub(crate) struct Counters {
    pub requests: Counter,
    invitations_created: Counter,
    engagements_created: Counter,
    idempotent_replays: Counter,
    conflicts: Counter,
    validation_errors: Counter,
    not_found: Counter,
    pub auth_failures: Counter,
    pub protocol_errors: Counter,
    throttled: Counter,
    injected_errors: Counter,
    dropped_connections: Counter,
    stored_then_failed: Counter,
    pub connections: Counter,
    pub tls_handshake_failures: Counter,
    events_delivered: Counter,
    event_delivery_failures: Counter,
}

impl Counters {
    /// Counts a successful call: a replayed ClientToken, or a new engagement or invitation.
    pub fn created(&self, operation: &str, replayed: bool) {
        if replayed {
            self.idempotent_replays.inc();
        } else if operation == "CreateEngagement" {
            self.engagements_created.inc();
        } else if operation == "CreateEngagementInvitation" {
            self.invitations_created.inc();
        }
    }

    /// Counts an error the API answered, by its code.
    pub fn error(&self, code: &str) {
        match code {
            "ValidationException" => self.validation_errors.inc(),
            "ConflictException" => self.conflicts.inc(),
            "ResourceNotFoundException" => self.not_found.inc(),
            _ => {}
        }
    }

    /// One POST of an event to the configured URL, delivered or not.
    pub fn event_delivery(&self, delivered: bool) {
        if delivered {
            self.events_delivered.inc();
        } else {
            self.event_delivery_failures.inc();
        }
    }

    /// A request refused by the quotas (counted with the throttle faults).
    pub fn quota_throttled(&self) {
        self.throttled.inc();
    }

    pub fn fault(&self, kind: FaultKind) {
        match kind {
            FaultKind::None => {}
            FaultKind::Throttle => self.throttled.inc(),
            FaultKind::Error => self.injected_errors.inc(),
            FaultKind::Drop => self.dropped_connections.inc(),
            FaultKind::StoreThenFail => self.stored_then_failed.inc(),
        }
    }

    pub fn snapshot(&self, invitations_stored: usize, engagements_stored: usize) -> Stats {
        Stats {
            requests: self.requests.get(),
            invitations_stored: invitations_stored as u64,
            engagements_stored: engagements_stored as u64,
            invitations_created: self.invitations_created.get(),
            engagements_created: self.engagements_created.get(),
            idempotent_replays: self.idempotent_replays.get(),
            conflicts: self.conflicts.get(),
            validation_errors: self.validation_errors.get(),
            not_found: self.not_found.get(),
            auth_failures: self.auth_failures.get(),
            protocol_errors: self.protocol_errors.get(),
            throttled: self.throttled.get(),
            injected_errors: self.injected_errors.get(),
            dropped_connections: self.dropped_connections.get(),
            stored_then_failed: self.stored_then_failed.get(),
            connections: self.connections.get(),
            tls_handshake_failures: self.tls_handshake_failures.get(),
            events_delivered: self.events_delivered.get(),
            event_delivery_failures: self.event_delivery_failures.get(),
        }
    }

    pub fn reset(&self) {
        for counter in [
            &self.requests,
            &self.invitations_created,
            &self.engagements_created,
            &self.idempotent_replays,
            &self.conflicts,
            &self.validation_errors,
            &self.not_found,
            &self.auth_failures,
            &self.protocol_errors,
            &self.throttled,
            &self.injected_errors,
            &self.dropped_connections,
            &self.stored_then_failed,
            &self.connections,
            &self.tls_handshake_failures,
            &self.events_delivered,
            &self.event_delivery_failures,
        ] {
            counter.reset();
        }
    }
}
