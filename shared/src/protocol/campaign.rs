//! What the worker asks of a coupon campaign (one object per campaign), one struct per
//! command, each naming its reply.

use crate::coupon::{Campaign, Coupon};
use crate::ids::MemberId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Set the campaign up (idempotent); answers with its figures.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Init {
    /// The campaign.
    pub campaign: Campaign,
}

/// Hand `member` a coupon with id `coupon_id`, once per `claim_key`; answers with the coupon.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claim {
    /// The claim's idempotency key, scoped to the member.
    pub claim_key: String,
    /// The member.
    pub member: MemberId,
    /// The id the new coupon gets.
    pub coupon_id: String,
    /// When the member joined (some campaigns are for new members).
    pub member_joined: DateTime<Utc>,
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

/// Claimed so far, and by `member`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Figures {
    /// The member asking, if any.
    pub member: Option<MemberId>,
}

/// Close the campaign: nothing new is granted from `now` on (idempotent: the first close
/// stands); answers with its figures.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Close {
    /// The instant the worker acts at (objects read no clock of their own).
    pub now: DateTime<Utc>,
}

super::commands! {
    /// What the worker asks of a campaign (the wire form).
    CampaignCommand,
    /// A command a campaign answers.
    CampaignCall {
        Init => CampaignFigures,
        Claim => Coupon,
        Figures => CampaignFigures,
        Close => CampaignFigures,
    }
}

/// Claim counts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CampaignFigures {
    /// Coupons handed out.
    pub claimed: u32,
    /// Coupons the asking member holds.
    pub member_claimed: u32,
    /// When a manager closed the campaign, if they did.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_the_wire_form_live_campaigns_read() {
        let member = MemberId::parse("M10000001").expect("a member id");
        let figures = serde_json::to_value(CampaignCommand::from(Figures { member: Some(member) })).expect("writes");
        assert_eq!(figures, serde_json::json!({ "op": "figures", "member": "M10000001" }));
        let back: CampaignCommand =
            serde_json::from_value(serde_json::json!({ "op": "figures", "member": null })).expect("reads");
        assert!(matches!(back, CampaignCommand::Figures(Figures { member: None })));
    }
}
