//! When a client sends a request again: the one rule the app's API client, the test harness and
//! the load tool share.
//!
//! Only a request that cannot do anything twice is repeated: a `GET`, or a write that carries an
//! `Idempotency-Key` (sent again with the **same** key, so the server answers with the first
//! request's outcome and charges, locks or orders nothing twice). An un-keyed write is never
//! repeated. It is repeated when no answer came (a dropped connection), or when the answer says
//! "not now": 503 (the service, or `wrangler dev`'s local proxy, could not finish it), 502/504
//! (a gateway in between), 429 (honouring `Retry-After`, unless that is longer than a person
//! would wait, such as a sign-in lockout). Waits are spread by a random number the caller
//! passes in ([`RetryPolicy::next_wait_jittered_ms`]), so clients that failed together do not
//! come back together.

/// How often and how long to try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The first back-off, in milliseconds; it doubles with each attempt.
    pub first_backoff_ms: u64,
    /// The longest wait the client accepts, in milliseconds (a longer `Retry-After` ends it).
    pub max_wait_ms: u64,
}

/// The policy of the app and the tests: 4 attempts, 250 ms doubling, waits up to 5 s.
pub const DEFAULT: RetryPolicy = RetryPolicy { attempts: 4, first_backoff_ms: 250, max_wait_ms: 5_000 };

/// What came back from one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No answer: the connection dropped or could not be made.
    Dropped,
    /// An answer with this status and, if sent, `Retry-After` in seconds.
    Answered {
        /// HTTP status.
        status: u16,
        /// `Retry-After`, seconds.
        retry_after: Option<u64>,
    },
}

/// Whether a request may be sent again at all: a `GET`, or a write with an `Idempotency-Key`.
pub fn repeatable(method: &str, keyed: bool) -> bool {
    method.eq_ignore_ascii_case("GET") || keyed
}

impl RetryPolicy {
    /// [`Self::next_wait_ms`] spread by `random` (any number from the caller's randomness: the
    /// core has none): a back-off becomes a wait between half of it and all of it; a
    /// `Retry-After` is never shortened, only lengthened by up to a quarter.
    pub fn next_wait_jittered_ms(
        &self,
        method: &str,
        keyed: bool,
        attempt: u32,
        outcome: Outcome,
        random: u32,
    ) -> Option<u64> {
        let wait = self.next_wait_ms(method, keyed, attempt, outcome)?;
        let server_said =
            matches!(outcome, Outcome::Answered { retry_after: Some(s), .. } if s.saturating_mul(1_000) >= wait);
        Some(match server_said {
            true => wait + u64::from(random) % (wait / 4 + 1),
            false => wait / 2 + u64::from(random) % (wait - wait / 2 + 1),
        })
    }

    /// After attempt number `attempt` (1 for the first) ended in `outcome`, how long to wait
    /// before the next one; `None`: do not try again, the outcome stands.
    pub fn next_wait_ms(&self, method: &str, keyed: bool, attempt: u32, outcome: Outcome) -> Option<u64> {
        if !repeatable(method, keyed) || attempt >= self.attempts {
            return None;
        }
        let backoff = self.first_backoff_ms.saturating_mul(1u64 << (attempt - 1).min(16));
        match outcome {
            Outcome::Dropped | Outcome::Answered { status: 502..=504, retry_after: None } => Some(backoff),
            Outcome::Answered { status: 429 | 502..=504, retry_after: Some(seconds) } => {
                let wait = seconds.saturating_mul(1_000).max(backoff);
                (wait <= self.max_wait_ms).then_some(wait)
            }
            Outcome::Answered { status: 429, retry_after: None } => Some(backoff),
            Outcome::Answered { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(status: u16, retry_after: Option<u64>) -> Outcome {
        Outcome::Answered { status, retry_after }
    }

    #[test]
    fn only_gets_and_keyed_writes_are_sent_again() {
        assert!(repeatable("GET", false));
        assert!(repeatable("POST", true));
        assert!(!repeatable("POST", false));
        assert!(!repeatable("DELETE", false));
        assert_eq!(DEFAULT.next_wait_ms("POST", false, 1, Outcome::Dropped), None, "an un-keyed write never");
    }

    #[test]
    fn dropped_connections_and_unavailable_back_off_then_give_up() {
        let waits: Vec<Option<u64>> =
            (1..=4).map(|a| DEFAULT.next_wait_ms("POST", true, a, Outcome::Dropped)).collect();
        assert_eq!(waits, vec![Some(250), Some(500), Some(1_000), None]);
        assert_eq!(DEFAULT.next_wait_ms("GET", false, 1, answered(503, None)), Some(250));
        assert_eq!(DEFAULT.next_wait_ms("GET", false, 2, answered(502, None)), Some(500));
    }

    #[test]
    fn retry_after_is_honoured_unless_it_is_longer_than_a_person_waits() {
        assert_eq!(DEFAULT.next_wait_ms("POST", true, 1, answered(429, Some(2))), Some(2_000));
        assert_eq!(DEFAULT.next_wait_ms("POST", true, 1, answered(503, Some(1))), Some(1_000));
        assert_eq!(DEFAULT.next_wait_ms("GET", false, 1, answered(429, Some(900))), None, "a lockout stands");
        assert_eq!(DEFAULT.next_wait_ms("GET", false, 1, answered(429, None)), Some(250));
    }

    #[test]
    fn jitter_spreads_a_back_off_but_never_shortens_retry_after() {
        for random in [0, 1, 7, 999, u32::MAX] {
            let w = DEFAULT.next_wait_jittered_ms("GET", false, 2, Outcome::Dropped, random).unwrap_or(0);
            assert!((250..=500).contains(&w), "{w}");
            let w = DEFAULT.next_wait_jittered_ms("POST", true, 1, answered(429, Some(2)), random).unwrap_or(0);
            assert!((2_000..=2_500).contains(&w), "{w}");
            assert_eq!(DEFAULT.next_wait_jittered_ms("POST", false, 1, Outcome::Dropped, random), None);
            assert_eq!(DEFAULT.next_wait_jittered_ms("GET", false, 4, Outcome::Dropped, random), None);
        }
        let spread: std::collections::BTreeSet<u64> = (0..50)
            .filter_map(|r| DEFAULT.next_wait_jittered_ms("GET", false, 1, answered(503, None), r * 7))
            .collect();
        assert!(spread.len() > 10, "waits differ: {spread:?}");
    }

    proptest::proptest! {
        /// Whatever the outcome and the random number: an un-keyed write is never sent again,
        /// a wait is never below half the back-off nor below a honoured `Retry-After`, and
        /// never above the longest wait plus a quarter.
        #[test]
        fn jittered_waits_stay_in_bounds(
            keyed: bool, get: bool, attempt in 1u32..6, status in 400u16..600, after in proptest::option::of(0u64..10),
            dropped: bool, random: u32,
        ) {
            let method = if get { "GET" } else { "POST" };
            let outcome = if dropped { Outcome::Dropped } else { answered(status, after) };
            let plain = DEFAULT.next_wait_ms(method, keyed, attempt, outcome);
            let jittered = DEFAULT.next_wait_jittered_ms(method, keyed, attempt, outcome, random);
            proptest::prop_assert_eq!(plain.is_some(), jittered.is_some());
            if !get && !keyed {
                proptest::prop_assert!(jittered.is_none());
            }
            if let (Some(p), Some(j)) = (plain, jittered) {
                proptest::prop_assert!(j >= p / 2 && j <= p + p / 4 + 1, "{} -> {}", p, j);
                if let (false, Some(s)) = (dropped, after.filter(|s| s * 1_000 >= p)) {
                    proptest::prop_assert!(j >= s * 1_000);
                }
            }
        }
    }

    #[test]
    fn answers_that_are_the_outcome_are_never_retried() {
        for status in [200, 201, 204, 400, 401, 403, 404, 409, 413, 422, 500] {
            assert_eq!(DEFAULT.next_wait_ms("GET", true, 1, answered(status, Some(1))), None, "{status}");
        }
    }
}
