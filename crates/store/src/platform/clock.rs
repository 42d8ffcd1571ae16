//! What time it is. The store, the web layer and the jobs all ask this one clock, held by the
//! store and shared through the application state, so that deadlines, lock windows, link
//! lifetimes and cookies age together — and a test moves time by advancing the clock instead of
//! rewriting stored times.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use time::OffsetDateTime;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Seconds added to the system's time; zero except where a test advanced the clock.
    ahead: Arc<AtomicI64>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Clock::default()
    }

    /// Now, in whole seconds: what is stored is what is shown.
    pub fn now(&self) -> OffsetDateTime {
        let t = OffsetDateTime::now_utc() + time::Duration::seconds(self.ahead.load(Ordering::Relaxed));
        t.replace_nanosecond(0).unwrap_or(t)
    }

    /// Moves this clock, and every part that shares it, forward.
    #[cfg(any(test, feature = "testing"))]
    pub fn advance(&self, by: time::Duration) {
        self.ahead.fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_is_ahead_for_every_holder() {
        let clock = Clock::system();
        let shared = clock.clone();
        let before = shared.now();
        clock.advance(time::Duration::days(3));
        let after = shared.now();
        assert!(after - before >= time::Duration::days(3));
        assert!(after - before < time::Duration::days(3) + time::Duration::minutes(1));
        assert_eq!(after.nanosecond(), 0);
    }
}
