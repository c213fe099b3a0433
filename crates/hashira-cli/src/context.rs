//! What every command needs: output mode, the clock, and who is acting.

use std::sync::Arc;

use hashira_core::{Clock, FixedClock, SystemClock};

pub struct Context {
    pub json: bool,
    pub clock: Arc<dyn Clock>,
}

impl Context {
    pub fn from_env(json: bool) -> Context {
        // HASHIRA_NOW pins time (one second further on every reading) for reproducible output.
        let clock: Arc<dyn Clock> = match std::env::var("HASHIRA_NOW")
            .ok()
            .and_then(|text| FixedClock::parse(&text, 1000))
        {
            Some(fixed) => Arc::new(fixed),
            None => Arc::new(SystemClock),
        };
        Context { json, clock }
    }

    /// The actor for a change: `--by`, else the core's rule (`HASHIRA_USER`, the OS account,
    /// `unknown`; see `hashira_core::actor`).
    pub fn actor(&self, by: Option<&str>) -> String {
        hashira_core::actor::actor(by)
    }
}
