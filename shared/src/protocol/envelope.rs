//! What the worker asks of a red envelope (one object per envelope, named by its id), one
//! struct per command, each naming its reply.

use super::Done;
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
