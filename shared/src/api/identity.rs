//! Identity and member-card shapes: accounts, sessions, the member card, codes, stored value.

use crate::Fen;
use crate::stored_value::Entry;
use crate::tier::Tier;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    /// Mainland mobile number.
    pub phone: String,
    /// At least 8 characters.
    pub password: String,
    /// How the member wants to be addressed.
    pub name: String,
    /// A member's referral code (`10000001-482913`), if someone brought them.
    #[serde(default)]
    pub referral_code: Option<String>,
    /// A staff member's promoter code (`P-G1001-482913`), if they brought the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoter: Option<String>,
    /// The member's birthday, `YYYY-MM-DD` (optional; never in the future).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<String>,
}

/// `POST /api/sessions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    /// Phone number.
    pub phone: String,
    /// Password.
    pub password: String,
}

/// `POST /api/guide/sessions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSignInRequest {
    /// Staff number, e.g. `G1001`.
    pub staff_no: String,
    /// Password.
    pub password: String,
}

/// A member's card as the member (and, summarised, the counter) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// `M10000001`.
    pub id: String,
    /// Virtual card number, 16 digits.
    pub card_no: String,
    /// Name.
    pub name: String,
    /// `138****0001`.
    pub phone_masked: String,
    /// Tier now.
    pub tier: Tier,
    /// 普卡 / 银卡 / 金卡 / 钻石卡.
    pub tier_name: String,
    /// Classic / Silver / Gold / Diamond.
    pub tier_name_en: String,
    /// Points balance.
    pub points: u64,
    /// Stored value.
    pub balance_fen: Fen,
    /// Linked plastic card, if any.
    pub physical_card_no: Option<String>,
    /// Spend in the last 12 months.
    pub spend_12m_fen: Fen,
    /// The tier above, if any.
    pub next_tier: Option<Tier>,
    /// Spend still needed for it.
    pub to_next_tier_fen: Option<Fen>,
    /// Birthday, `YYYY-MM-DD`, if given (set once).
    #[serde(default)]
    pub birthday: Option<String>,
    /// What the tier now gives.
    pub benefits: BenefitsView,
    /// What the next tier would give, if there is one.
    #[serde(default)]
    pub next_tier_benefits: Option<BenefitsView>,
}

/// One tier's benefits as the card shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitsView {
    /// The tier.
    pub tier: Tier,
    /// The birthday coupon's amount off (`None`: no birthday coupon).
    pub birthday_coupon_fen: Option<Fen>,
    /// Extra units per flash sale above the sale's own limit.
    pub extra_flash_sale_units: u32,
}

impl BenefitsView {
    /// The view of a tier's benefits.
    pub fn of(b: &crate::tier_benefits::TierBenefits) -> BenefitsView {
        BenefitsView {
            tier: b.tier,
            birthday_coupon_fen: b.birthday_coupon,
            extra_flash_sale_units: b.extra_flash_sale_units,
        }
    }
}

/// What one birthday pass did (`POST /api/dev/birthdays`; the cron runs the same pass).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthdayPass {
    /// Members in their birthday week looked at (each at most once a day).
    pub members_looked_at: u32,
    /// Birthday coupons put in wallets (or found there already).
    pub coupons_given: u32,
    /// Guides sent their weekly birthday list.
    pub guides_told: u32,
}

/// `PUT /api/me/birthday`: the birthday of a member who has none yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthdayRequest {
    /// `YYYY-MM-DD`.
    pub birthday: String,
}

/// `{token, member}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSession {
    /// Bearer token.
    pub token: String,
    /// The member.
    pub member: Member,
}

/// A staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Staff number.
    pub id: String,
    /// Name.
    pub name: String,
    /// The store they work in.
    pub store_id: String,
    /// `guide` or `manager`.
    pub role: crate::kinds::StaffRole,
}

/// `{token, staff}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSession {
    /// Bearer token.
    pub token: String,
    /// The staff member.
    pub staff: Staff,
}

/// `GET /api/me/code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCodeView {
    /// 18 digits, shown as QR and barcode.
    pub code: String,
    /// When the app shows the next code.
    pub expires_at: DateTime<Utc>,
    /// When the counter stops accepting this one.
    pub valid_until: DateTime<Utc>,
}

/// `POST /api/guide/member-codes/verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    /// The scanned or typed code.
    pub code: String,
}

/// `{member}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberEnvelope {
    /// The member.
    pub member: Member,
    /// From a guide's verify: the counter session that lets the next charge follow without a
    /// second code (`shared::counter_session`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_session: Option<crate::counter_session::CounterTicket>,
}

/// `POST /api/me/physical-card`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCardRequest {
    /// The plastic card's number.
    pub card_no: String,
    /// The code printed under the scratch panel.
    pub verify_code: String,
}

/// `POST /api/me/top-ups`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopUpRequest {
    /// Amount, fen.
    pub amount_fen: i64,
    /// `sandbox` (the only gateway in this build).
    pub method: String,
}

/// A payment through the gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// `P…`.
    pub id: String,
    /// `top_up` or `order`.
    pub kind: crate::kinds::PaymentKind,
    /// What it pays for (the member for a top-up, the order otherwise).
    pub reference: String,
    /// Amount.
    pub amount_fen: Fen,
    /// `balance` or `sandbox`.
    pub method: crate::kinds::PaymentMethod,
    /// `pending`, `succeeded`, `failed`.
    pub status: crate::kinds::PaymentStatus,
    /// Gateway prepay id (what a real client would hand to the wallet app).
    pub prepay_id: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Confirmed by the gateway's notification.
    pub paid_at: Option<DateTime<Utc>>,
}

/// `{payment}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentEnvelope {
    /// The payment.
    pub payment: Payment,
}

/// `GET /api/me/ledger`: newest first.
pub type LedgerPage = Vec<Entry>;

/// `POST /api/guide/charges`: a purchase at the counter paid with stored value, authorised by
/// the member's dynamic code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRequest {
    /// The member code shown at the counter (empty when `counter_token` names the member).
    #[serde(default)]
    pub code: String,
    /// The counter session of a member the guide identified a moment ago, instead of a code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter_token: Option<String>,
    /// Amount, fen.
    pub amount_fen: i64,
    /// What was bought (goes on the member's statement).
    #[serde(default)]
    pub note: String,
}

/// `{member, entry}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeReceipt {
    /// The member after the charge.
    pub member: Member,
    /// The ledger entry.
    pub entry: Entry,
}
