//! Attempt counters that hold under concurrency.
//!
//! A guessable secret (a password, a scratch code, a scanned code) is guarded by counters that
//! are counted **before** the secret is checked: one storage statement opens or continues the
//! window and adds the attempt, and its answer ([`Tally`]) alone decides whether the check runs.
//! Thirty concurrent wrong passwords therefore take thirty distinct tallies (1, 2, … 30) and
//! only the first `limit` of them are checked; a check-then-write-later counter would let all
//! thirty through. An attempt that turns out right takes its own count back (never the whole
//! window's), so successes are never counted and every failure stays counted until the window
//! ends. Windows are fixed: attempts refused while over the limit do not extend them, so a lock
//! lasts at most one period after its first failure.
//!
//! Which counters guard which endpoint (account, address, account-at-address) is in
//! [`guards`]; this module holds the rule itself, so it runs with any interleaving in tests.

pub mod guards;

use chrono::{DateTime, Duration, Utc};

/// A rule: at most `limit` counted attempts per fixed window of `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Attempts allowed in one window.
    pub limit: u32,
    /// Window length.
    pub period: Duration,
}

/// Sign-in: 5 wrong passwords per 15 minutes per phone or staff number.
pub const SIGN_IN: Rule = Rule { limit: 5, period: Duration::minutes(15) };
/// Sign-in: failures per client address per 15 minutes. Generous, because a mall's Wi-Fi puts
/// many customers behind one address.
pub const SIGN_IN_ADDRESS: Rule = Rule { limit: 50, period: Duration::minutes(15) };
/// Staff sign-in: wrong passwords per staff number from one address per 15 minutes.
pub const STAFF_SIGN_IN_AT_ADDRESS: Rule = Rule { limit: 5, period: Duration::minutes(15) };
/// Counter scans: 20 unknown member or pickup codes per 10 minutes per staff member.
pub const CODE_SCANS: Rule = Rule { limit: 20, period: Duration::minutes(10) };
/// Linking a plastic card: 5 wrong scratch codes per card per hour.
pub const CARD_CODE: Rule = Rule { limit: 5, period: Duration::hours(1) };
/// Linking a plastic card: 20 wrong scratch codes per member per hour, whatever the card, so
/// one account cannot sweep many cards.
pub const CARD_CODE_MEMBER: Rule = Rule { limit: 20, period: Duration::hours(1) };
/// Registration: accounts created per client address per minute (every attempt counts).
pub const REGISTRATION: Rule = Rule { limit: 60, period: Duration::minutes(1) };

/// One counter after an attempt was counted in it: what the storage statement answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// When the window ends, in Unix milliseconds.
    pub resets_at: i64,
    /// Attempts counted in the window, this one included.
    pub attempts: u32,
}

impl Rule {
    /// When a window opened at `now` ends, in Unix milliseconds.
    pub fn window_end(self, now: DateTime<Utc>) -> i64 {
        (now + self.period).timestamp_millis()
    }

    /// The latest window end that still counts as current at `now`, in Unix milliseconds. A
    /// window can end at most one period after `now`; one ending later was opened at a later
    /// time than `now`, which only a stated clock (tests, `DEV_CLOCK`) produces. Such a window
    /// is started again rather than kept, so a test dated in the past neither sees nor keeps a
    /// lock from the present. The second period of slack absorbs clock skew between isolates.
    pub fn latest_current_end(self, now: DateTime<Utc>) -> i64 {
        (now + self.period + self.period).timestamp_millis()
    }

    /// The counter after one more attempt at `now`: a new window when there was none or it is
    /// not current (ended, or from a later clock), else one more in it. Storage computes exactly
    /// this in one statement.
    pub fn count(self, before: Option<Tally>, now: DateTime<Utc>) -> Tally {
        match before {
            Some(t) if t.resets_at > now.timestamp_millis() && t.resets_at <= self.latest_current_end(now) => {
                Tally { attempts: t.attempts + 1, ..t }
            }
            _ => Tally { resets_at: self.window_end(now), attempts: 1 },
        }
    }

    /// Whether the attempt counted as `tally` is within the limit; `Err(seconds)` says how
    /// long to wait (at least 1, for `Retry-After`).
    pub fn admits(self, tally: Tally, now: DateTime<Utc>) -> Result<(), u64> {
        if tally.attempts <= self.limit {
            return Ok(());
        }
        let ms = (tally.resets_at - now.timestamp_millis()).max(0);
        Err(((ms + 999) / 1000).max(1) as u64)
    }
}

/// What being over a counter's limit does to an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The attempt is refused before the secret is checked.
    Refuses,
    /// The secret is still checked; a success goes through, but a failure is answered
    /// `RATE_LIMITED` instead of its own error (it caps the failures one key can report
    /// without letting anyone lock the key's owner out).
    MutesFailures,
}

/// One counter an attempt is counted under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counter {
    /// The storage key, e.g. `sign-in:member:13800000001`.
    pub key: String,
    /// Its rule.
    pub rule: Rule,
    /// What being over the limit does.
    pub effect: Effect,
}

/// The longest wait among `counters` with effect `effect` that are over their limit.
fn longest_wait(counters: &[Counter], tallies: &[Tally], effect: Effect, now: DateTime<Utc>) -> Result<(), u64> {
    let wait = counters
        .iter()
        .zip(tallies)
        .filter(|(c, _)| c.effect == effect)
        .filter_map(|(c, t)| c.rule.admits(*t, now).err())
        .max();
    wait.map_or(Ok(()), Err)
}

/// Before the check: `Err(seconds)` if any refusing counter is over its limit.
pub fn gate(counters: &[Counter], tallies: &[Tally], now: DateTime<Utc>) -> Result<(), u64> {
    longest_wait(counters, tallies, Effect::Refuses, now)
}

/// After a failed check: `Err(seconds)` if the failure must be answered `RATE_LIMITED`.
pub fn after_failure(counters: &[Counter], tallies: &[Tally], now: DateTime<Utc>) -> Result<(), u64> {
    longest_wait(counters, tallies, Effect::MutesFailures, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).single().unwrap()
    }

    #[test]
    fn the_sixth_attempt_in_a_window_waits_for_its_end() {
        let mut tally = None;
        for i in 0..5 {
            let next = SIGN_IN.count(tally, t(i));
            assert_eq!(SIGN_IN.admits(next, t(i)), Ok(()));
            tally = Some(next);
        }
        let sixth = SIGN_IN.count(tally, t(10));
        assert_eq!(sixth.attempts, 6);
        assert_eq!(SIGN_IN.admits(sixth, t(10)), Err(890), "the window opened at t(0)");
    }

    #[test]
    fn an_ended_window_starts_again_at_one() {
        let first = SIGN_IN.count(None, t(0));
        let late = SIGN_IN.count(Some(Tally { attempts: 40, ..first }), t(900));
        assert_eq!(late, Tally { resets_at: t(1800).timestamp_millis(), attempts: 1 });
        assert_eq!(SIGN_IN.admits(late, t(900)), Ok(()));
    }

    #[test]
    fn a_window_from_a_later_clock_is_started_again() {
        let present = SIGN_IN.count(Some(Tally { resets_at: 0, attempts: 0 }), t(86_400));
        let yesterday = SIGN_IN.count(Some(Tally { attempts: 30, ..present }), t(0));
        assert_eq!(yesterday, Tally { resets_at: t(900).timestamp_millis(), attempts: 1 });
        // A little skew between isolates is still the same window.
        let skewed = Tally { resets_at: t(905).timestamp_millis(), attempts: 3 };
        assert_eq!(SIGN_IN.count(Some(skewed), t(0)).attempts, 4);
    }

    #[test]
    fn refused_attempts_do_not_extend_the_window() {
        let mut tally = SIGN_IN.count(None, t(0));
        for i in 1..100 {
            tally = SIGN_IN.count(Some(tally), t(i * 5));
        }
        assert_eq!(tally.resets_at, t(900).timestamp_millis());
        assert_eq!(SIGN_IN.admits(tally, t(899)), Err(1));
    }

    #[test]
    fn concurrent_attempts_take_distinct_tallies_and_only_the_limit_is_admitted() {
        // However the 30 statements interleave, each sees the one before it.
        let mut tally = None;
        let mut admitted = 0;
        for _ in 0..30 {
            let next = SIGN_IN.count(tally, t(1));
            admitted += usize::from(SIGN_IN.admits(next, t(1)).is_ok());
            tally = Some(next);
        }
        assert_eq!(admitted, 5);
    }

    #[test]
    fn retry_seconds_round_up_and_are_at_least_one() {
        let tally = Tally { resets_at: t(10).timestamp_millis() - 1, attempts: 6 };
        assert_eq!(SIGN_IN.admits(tally, t(0)), Err(10));
        assert_eq!(SIGN_IN.admits(tally, t(20)), Err(1));
    }

    #[test]
    fn refusing_counters_gate_and_muting_counters_only_change_failures() {
        let counters = [
            Counter { key: "a".into(), rule: SIGN_IN, effect: Effect::MutesFailures },
            Counter { key: "b".into(), rule: STAFF_SIGN_IN_AT_ADDRESS, effect: Effect::Refuses },
        ];
        let over = Tally { resets_at: t(600).timestamp_millis(), attempts: 9 };
        let under = Tally { resets_at: t(300).timestamp_millis(), attempts: 1 };
        assert_eq!(gate(&counters, &[over, under], t(0)), Ok(()));
        assert_eq!(after_failure(&counters, &[over, under], t(0)), Err(600));
        assert_eq!(gate(&counters, &[under, over], t(0)), Err(600));
        assert_eq!(after_failure(&counters, &[under, over], t(0)), Ok(()));
    }
}
