//! The shop's workflows as sans-IO state machines (the quinn-proto way): each is fed what
//! happened and answers with what to do next. None awaits, reads a clock or touches storage,
//! so a property test can drive one through any order of replies, refusals, repeats and crashes.
//! `edge/src/flows/` runs them: it sends each command to the object or table that owns it and
//! feeds the reply back until the flow has its outcome.

pub mod claim;
pub mod completion;
pub mod counter_sale;
pub mod expiry;
pub mod fulfil;
pub mod hold;
pub mod placement;
pub mod policy;
pub mod scan_go;
pub mod settlement;
pub mod store_transfer;
pub mod transfer;

/// A workflow as its executor sees it: replies go in, commands come out, until an outcome.
pub trait Flow {
    /// Work for the executor: each command is answered by exactly one event.
    type Command;
    /// A reply to a command (or news from an object, such as a lapsed lock).
    type Event;
    /// What the flow came to.
    type Outcome;
    /// Moves the flow on one reply; returns the next commands, in the order to run them.
    fn on(&mut self, event: Self::Event) -> Vec<Self::Command>;
    /// The result, once decided (commands still queued, such as releases, are run before the
    /// executor returns it).
    fn outcome(&self) -> Option<Self::Outcome>;
}

/// Why a step of a flow did not happen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    /// The object or table that owns the step said no (sold out, coupon used, …).
    #[error("refused: {0}")]
    Refused(crate::ApiError),
    /// The step could not be carried out or its answer was lost (it may have happened).
    #[error("unavailable: {0}")]
    Crashed(String),
}

impl Fault {
    /// The refusal's code, if the owner refused.
    pub fn code(&self) -> Option<crate::ErrorCode> {
        match self {
            Fault::Refused(e) => Some(e.code()),
            Fault::Crashed(_) => None,
        }
    }
}
