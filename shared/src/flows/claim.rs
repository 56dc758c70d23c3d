//! Claiming a coupon: the campaign's object decides and records the claim (quantity,
//! per-member limit, audience, window, all in one place and in order), then the coupon goes
//! into the member's wallet. Both steps are idempotent on the claim key and the coupon id, so a
//! claim interrupted between them is completed by claiming again under the same key: the
//! campaign repeats the coupon it granted and the wallet takes it in once.
//!
//! The rules of a claim are the campaign's own ([`crate::coupon::Campaign::decide_claim`]);
//! this machine only orders the two steps and says when the claim is done.

use crate::ApiError;
use crate::coupon::Coupon;
use crate::ids::MemberId;
use chrono::{DateTime, Utc};

/// A claim as the caller asks for it: who, which campaign, under which key, and the coupon id
/// that key gives (derived by the caller, so a retry names the same coupon).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRequest {
    campaign_id: String,
    member: MemberId,
    member_joined: DateTime<Utc>,
    claim_key: String,
    coupon_id: String,
}

impl ClaimRequest {
    /// A claim of `campaign_id` by `member` (who joined at `member_joined`) under `claim_key`,
    /// whose coupon will be `coupon_id`.
    pub fn new(
        campaign_id: &str,
        member: MemberId,
        member_joined: DateTime<Utc>,
        claim_key: &str,
        coupon_id: &str,
    ) -> Self {
        ClaimRequest {
            campaign_id: campaign_id.to_owned(),
            member,
            member_joined,
            claim_key: claim_key.to_owned(),
            coupon_id: coupon_id.to_owned(),
        }
    }
}

/// What the executor must do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Ask the campaign to grant (or repeat) the coupon of this claim key. Replies
    /// [`Event::Granted`] or [`Event::Refused`].
    TakeFromCampaign {
        /// The campaign.
        campaign_id: String,
        /// The claim key (a retry repeats the first coupon).
        claim_key: String,
        /// Who claims.
        member: MemberId,
        /// The id the coupon gets if granted now.
        coupon_id: String,
        /// When the member joined (new-member campaigns).
        member_joined: DateTime<Utc>,
        /// The instant of the claim.
        now: DateTime<Utc>,
    },
    /// Put the coupon in the member's wallet (idempotent on its id). Replies
    /// [`Event::InWallet`].
    AddToWallet {
        /// Whose wallet.
        member: MemberId,
        /// The coupon granted.
        coupon: Coupon,
    },
}

/// What happened to the last command.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The campaign granted this coupon (or repeated it for this key).
    Granted(Coupon),
    /// The wallet holds the coupon with this id.
    InWallet(String),
    /// The campaign refused (sold out, over the limit, closed, another member's key...).
    Refused(ApiError),
    /// No answer came (the object or the network failed): the claim stops here, and claiming
    /// again under the same key completes it.
    Crashed(String),
}

/// Why a claim gave no coupon.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// The campaign said no; nothing was counted.
    #[error("{0}")]
    Refused(ApiError),
    /// A step did not answer; the claim may be half done until it is claimed again.
    #[error("claim interrupted: {0}")]
    Interrupted(String),
}

#[derive(Clone, Debug, PartialEq)]
enum State {
    Taking,
    Filling(Coupon),
    Done(Result<Coupon, ClaimError>),
}

/// One claim of one coupon, from the campaign into the wallet.
#[derive(Clone, Debug)]
pub struct Claim {
    request: ClaimRequest,
    state: State,
}

impl Claim {
    /// Starts the claim at `now`: first the campaign decides.
    pub fn start(request: ClaimRequest, now: DateTime<Utc>) -> (Self, Vec<Command>) {
        let ask = Command::TakeFromCampaign {
            campaign_id: request.campaign_id.clone(),
            claim_key: request.claim_key.clone(),
            member: request.member.clone(),
            coupon_id: request.coupon_id.clone(),
            member_joined: request.member_joined,
            now,
        };
        (Claim { request, state: State::Taking }, vec![ask])
    }

    /// Moves the claim on a reply; returns the next work. A reply that does not answer the
    /// step in progress (a duplicate, or one for an earlier step) changes nothing.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        match (&self.state, event) {
            (State::Done(_), _) => vec![],
            (_, Event::Crashed(why)) => {
                self.state = State::Done(Err(ClaimError::Interrupted(why)));
                vec![]
            }
            (State::Taking, Event::Granted(coupon)) => {
                self.state = State::Filling(coupon.clone());
                vec![Command::AddToWallet { member: self.request.member.clone(), coupon }]
            }
            (State::Taking, Event::Refused(e)) => {
                self.state = State::Done(Err(ClaimError::Refused(e)));
                vec![]
            }
            (State::Filling(coupon), Event::InWallet(id)) if id == coupon.id => {
                self.state = State::Done(Ok(coupon.clone()));
                vec![]
            }
            // The wallet never refuses a coupon; a refusal there is a failure on our side.
            (State::Filling(_), Event::Refused(e)) => {
                self.state = State::Done(Err(ClaimError::Interrupted(e.to_string())));
                vec![]
            }
            _ => vec![],
        }
    }

    /// The coupon claimed, or why not; `None` while a step is outstanding.
    pub fn outcome(&self) -> Option<Result<Coupon, ClaimError>> {
        match &self.state {
            State::Done(result) => Some(result.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
