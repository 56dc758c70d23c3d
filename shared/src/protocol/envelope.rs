//! What the worker asks of a red envelope (one object per envelope, named by its id), one
//! struct per command, each naming its reply.

use super::Done;
use crate::ApiError;
use crate::ids::MemberId;
use crate::red_envelope::{Opening, RedEnvelope};
use serde::{Deserialize, Serialize};

/// Keep `envelope` unless one is kept already (a retried payment issues the same envelope);
/// answers with the envelope kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Issue {
    /// The envelope the core issued.
    pub envelope: RedEnvelope,
}

/// Open the envelope for `member`: the next share, or why not (`ALREADY_OPENED`, `EMPTY`,
/// `OWN_ENVELOPE`, `ENVELOPE_WITHDRAWN`; `NOT_FOUND` when none was issued).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Open {
    /// Who opens it.
    pub member: MemberId,
}

/// The share `member` opened, if they did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OpeningOf {
    /// The member.
    pub member: MemberId,
}

/// Take the envelope back: its order was returned (idempotent; nothing issued, nothing done).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Withdraw {}

super::commands! {
    /// What the worker asks of a red envelope (the wire form).
    EnvelopeCommand,
    /// A command a red envelope answers.
    EnvelopeCall {
        Issue => RedEnvelope,
        Open => Opening,
        OpeningOf => Option<Opening>,
        Withdraw => Done,
    }
}

impl EnvelopeCommand {
    /// Runs the command on the envelope `kept` by the object (`None`: none issued yet): the
    /// answer, and the envelope to save when the command changed it. Issuing keeps the first
    /// envelope; opening hands out the next share; taking back is idempotent.
    pub fn apply(self, kept: Option<RedEnvelope>) -> (Result<serde_json::Value, ApiError>, Option<RedEnvelope>) {
        let missing = || ApiError::not_found("no red envelope has this id");
        match (self, kept) {
            (EnvelopeCommand::Issue(Issue { envelope }), None) => (Ok(reply::<Issue>(&envelope)), Some(envelope)),
            (EnvelopeCommand::Issue(_), Some(kept)) => (Ok(reply::<Issue>(&kept)), None),
            (EnvelopeCommand::Open(Open { member }), Some(mut envelope)) => match envelope.open(&member) {
                Ok(opening) => (Ok(reply::<Open>(&opening)), Some(envelope)),
                Err(e) => (Err(e.into()), None),
            },
            (EnvelopeCommand::OpeningOf(OpeningOf { member }), Some(envelope)) => {
                (Ok(reply::<OpeningOf>(&envelope.openings().iter().find(|o| o.member == member).cloned())), None)
            }
            (EnvelopeCommand::Withdraw(Withdraw {}), Some(mut envelope)) => {
                let changed = !envelope.is_withdrawn();
                if changed {
                    envelope.withdraw();
                }
                (Ok(reply::<Withdraw>(&Done {})), changed.then_some(envelope))
            }
            (EnvelopeCommand::Withdraw(Withdraw {}), None) => (Ok(reply::<Withdraw>(&Done {})), None),
            (EnvelopeCommand::Open(_) | EnvelopeCommand::OpeningOf(_), None) => (Err(missing()), None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::Fen;
    use crate::ids::OrderId;
    use crate::red_envelope::EnvelopePolicy;

    fn member(n: u32) -> MemberId {
        MemberId::parse(&format!("M1000000{n}")).expect("member id")
    }

    fn envelope() -> RedEnvelope {
        let order = OrderId::parse("O1").expect("order id");
        RedEnvelope::issue(order, member(1), Fen::new(10_000), &EnvelopePolicy::DEMO, 7).expect("issued")
    }

    fn open(n: u32) -> EnvelopeCommand {
        Open { member: member(n) }.into()
    }

    #[test]
    fn issuing_keeps_the_first_envelope() {
        let first = envelope();
        let (answer, saved) = EnvelopeCommand::from(Issue { envelope: first.clone() }).apply(None);
        assert_eq!((answer, saved.as_ref()), (Ok(reply::<Issue>(&first)), Some(&first)));
        let mut other = first.clone();
        other.withdraw();
        let (answer, saved) = EnvelopeCommand::from(Issue { envelope: other }).apply(Some(first.clone()));
        assert_eq!((answer, saved), (Ok(reply::<Issue>(&first)), None), "a retried payment gets the kept one");
    }

    #[test]
    fn opening_saves_the_share_handed_out_and_refusals_save_nothing() {
        let (answer, saved) = open(2).apply(Some(envelope()));
        let saved = saved.expect("the opening is saved");
        assert_eq!(answer, Ok(reply::<Open>(&saved.openings()[0])));
        let (answer, again) = open(2).apply(Some(saved.clone()));
        let refused = answer.expect_err("opened twice");
        assert_eq!((refused.code(), refused.status(), again), (ErrorCode::AlreadyOpened, 409, None));
        assert_eq!(refused.error.message, "you have already opened this red envelope");
        let (answer, _) = open(1).apply(Some(saved.clone()));
        assert_eq!(answer.expect_err("own").code(), ErrorCode::OwnEnvelope);
        let (answer, _) = EnvelopeCommand::from(OpeningOf { member: member(2) }).apply(Some(saved.clone()));
        assert_eq!(answer, Ok(reply::<OpeningOf>(&Some(saved.openings()[0].clone()))));
        let (answer, saved) = open(2).apply(None);
        let missing = answer.expect_err("none issued");
        assert_eq!(
            (missing.code(), missing.error.message.as_str(), saved),
            (ErrorCode::NotFound, "no red envelope has this id", None)
        );
    }

    #[test]
    fn taking_back_saves_once_and_withdrawn_envelopes_refuse_openings() {
        let (answer, saved) = EnvelopeCommand::from(Withdraw {}).apply(Some(envelope()));
        let saved = saved.expect("taken back and saved");
        assert!(saved.is_withdrawn());
        assert_eq!(answer, Ok(reply::<Withdraw>(&Done {})));
        let (answer, again) = EnvelopeCommand::from(Withdraw {}).apply(Some(saved.clone()));
        assert_eq!((answer, again), (Ok(reply::<Withdraw>(&Done {})), None), "nothing more to save");
        assert_eq!(EnvelopeCommand::from(Withdraw {}).apply(None), (Ok(reply::<Withdraw>(&Done {})), None));
        let (answer, _) = open(2).apply(Some(saved));
        let refused = answer.expect_err("withdrawn");
        assert_eq!(
            (refused.code(), refused.error.message.as_str()),
            (ErrorCode::EnvelopeWithdrawn, "this red envelope was taken back: its order was returned")
        );
    }

    #[test]
    fn every_open_refusal_has_its_code() {
        use crate::red_envelope::OpenError;
        let cases = [
            (OpenError::AlreadyOpened, ErrorCode::AlreadyOpened),
            (OpenError::Empty, ErrorCode::Empty),
            (OpenError::OwnEnvelope, ErrorCode::OwnEnvelope),
            (OpenError::Withdrawn, ErrorCode::EnvelopeWithdrawn),
        ];
        for (e, code) in cases {
            let api = ApiError::from(e);
            assert_eq!((api.code(), api.status(), api.error.message), (code, 409, e.to_string()));
        }
    }
}
