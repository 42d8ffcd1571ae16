//! Wrong PINs per client address, over all tickets: the per-ticket lock stops guessing one
//! ticket, this stops guessing a little on each of many (Open311 lists the tickets of published
//! complaints). A check is reserved before the PIN is looked at, so parallel guesses cannot slip
//! past the limit; only a wrong PIN is kept on the count. Every route that checks a PIN goes
//! through [`check_pin`].

use crate::AppState;
use aduan_domain::{Pin, Ticket};
use aduan_store::StoreError;
use aduan_store::complaint::pin_check::PinOutcome;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(3600);
/// Beyond this many addresses, expired windows are dropped before a new one is added.
const PRUNE_AT: usize = 50_000;

pub struct PinGuard {
    per_hour: u32,
    clients: Mutex<HashMap<IpAddr, Window>>,
}

struct Window {
    started: Instant,
    wrong: u32,
    checking: u32,
}

/// Why a PIN was not even looked at, or could not be.
#[derive(Debug)]
pub enum PinRefusal {
    /// This address sent too many wrong PINs; it may try again after `wait`.
    TooMany {
        wait: Duration,
    },
    Store(StoreError),
}

impl PinGuard {
    /// `None` when `per_hour` is 0: no limit.
    pub fn new(per_hour: u32) -> Option<Self> {
        (per_hour > 0).then(|| PinGuard { per_hour, clients: Mutex::new(HashMap::new()) })
    }

    fn reserve(&self, ip: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= PRUNE_AT {
            clients.retain(|_, w| w.checking > 0 || now.duration_since(w.started) < WINDOW);
        }
        let w = clients.entry(ip).or_insert(Window { started: now, wrong: 0, checking: 0 });
        if w.checking == 0 && now.duration_since(w.started) >= WINDOW {
            *w = Window { started: now, wrong: 0, checking: 0 };
        }
        if w.wrong + w.checking >= self.per_hour {
            return Err(WINDOW.saturating_sub(now.duration_since(w.started)).max(Duration::from_secs(1)));
        }
        w.checking += 1;
        Ok(())
    }

    fn release(&self, ip: IpAddr, wrong: bool) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = clients.get_mut(&ip) {
            w.checking = w.checking.saturating_sub(1);
            w.wrong += u32::from(wrong);
        }
    }
}

/// Checks `pin` for `ticket` as the client at `ip`, within the address limit.
pub async fn check_pin(
    state: &AppState,
    ip: Option<IpAddr>,
    ticket: &Ticket,
    pin: &Pin,
) -> Result<PinOutcome, PinRefusal> {
    let guard = state.pin_guard.as_deref().zip(ip);
    if let Some((g, ip)) = guard {
        g.reserve(ip).map_err(|wait| PinRefusal::TooMany { wait })?;
    }
    let outcome = state.store.check_pin(ticket, pin).await;
    if let Some((g, ip)) = guard {
        // A locked ticket was not checked at all; a store error says nothing either way.
        g.release(ip, matches!(outcome, Ok(PinOutcome::Wrong { .. })) || wrong_then_locked(&outcome));
    }
    outcome.map_err(PinRefusal::Store)
}

/// The wrong guess that reached the limit is answered "locked" but was a wrong PIN all the same.
fn wrong_then_locked(outcome: &Result<PinOutcome, StoreError>) -> bool {
    matches!(outcome, Ok(PinOutcome::Locked { fresh: true, .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_pins_are_limited_per_address_and_checks_in_flight_count() {
        let g = PinGuard::new(3).unwrap();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            g.reserve(a).unwrap();
        }
        assert!(g.reserve(a).is_err(), "three checks in flight fill the limit");
        g.release(a, false);
        g.release(a, true);
        g.release(a, true);
        g.reserve(a).unwrap();
        g.release(a, false);
        g.reserve(a).unwrap();
        g.release(a, true);
        let wait = g.reserve(a).unwrap_err();
        assert!(wait > Duration::from_secs(3500));
        g.reserve(b).unwrap();
        assert!(PinGuard::new(0).is_none());
    }
}
