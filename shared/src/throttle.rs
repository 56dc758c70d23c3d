//! A fixed-window attempt counter: after `limit` failures in a window the key is refused until
//! the window ends (sign-in by phone or staff number, member-code guessing at a counter).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failures counted for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// When the window began.
    pub start: DateTime<Utc>,
    /// Failures in it.
    pub failures: u32,
}

/// A rule: at most `limit` failures per `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Failures allowed.
    pub limit: u32,
    /// Window length.
    pub period: Duration,
}

/// Sign-in: 5 wrong passwords per 15 minutes per phone or staff number.
pub const SIGN_IN: Rule = Rule { limit: 5, period: Duration::minutes(15) };
/// Counter scans: 20 unknown member or pickup codes per 10 minutes per staff member.
pub const CODE_SCANS: Rule = Rule { limit: 20, period: Duration::minutes(10) };

impl Rule {
    /// Whether the key may try now; `Err(seconds)` says how long to wait.
    pub fn check(self, window: Option<Window>, now: DateTime<Utc>) -> Result<(), u64> {
        match window {
            Some(w) if now < w.start + self.period && w.failures >= self.limit => {
                Err((w.start + self.period - now).num_seconds().max(1) as u64)
            }
            _ => Ok(()),
        }
    }

    /// The window after one more failure at `now`.
    pub fn fail(self, window: Option<Window>, now: DateTime<Utc>) -> Window {
        match window {
            Some(w) if now < w.start + self.period => Window { start: w.start, failures: w.failures + 1 },
            _ => Window { start: now, failures: 1 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).single().unwrap()
    }

    #[test]
    fn the_sixth_try_in_a_window_waits_for_its_end() {
        let mut w = None;
        for i in 0..5 {
            assert_eq!(SIGN_IN.check(w, t(i)), Ok(()));
            w = Some(SIGN_IN.fail(w, t(i)));
        }
        assert_eq!(SIGN_IN.check(w, t(10)), Err(890));
        assert_eq!(SIGN_IN.check(w, t(900)), Ok(()), "a new window");
        assert_eq!(SIGN_IN.fail(w, t(900)).failures, 1);
    }
}
