//! What every command needs: output mode, the clock, and who is acting.

use std::sync::Arc;

use hashira_core::{Clock, FixedClock, SystemClock};

pub struct Context {
    pub json: bool,
    pub clock: Arc<dyn Clock>,
    default_actor: String,
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
        let default_actor = ["HASHIRA_USER", "USER", "USERNAME"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "unknown".to_string());
        Context {
            json,
            clock,
            default_actor,
        }
    }

    /// The actor for a change: `--by` when given, else the environment's user.
    pub fn actor(&self, by: Option<&str>) -> String {
        by.map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(&self.default_actor)
            .to_string()
    }
}
