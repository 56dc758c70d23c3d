//! `CampaignObject`: the Durable Object of one coupon campaign (named by its id). It hands out
//! exactly `quantity` coupons and no member more than their limit, one claim at a time; a claim
//! repeated with the same claim key by the same member returns the same coupon (keys are scoped
//! to their member by the worker; the object refuses another member's key all the same), and a
//! refused claim writes nothing.

use super::{answer, create_tables, decode, encode};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::ApiError;
use shared::coupon::{Campaign, ClaimDecision, Coupon, RecordedClaim};
use shared::ids::MemberId;
use shared::protocol::campaign::*;
use std::cell::RefCell;
use worker::{Env, Request, Response, Result, State, durable_object};

#[durable_object]
pub struct CampaignObject {
    state: State,
    campaign: RefCell<Option<Campaign>>,
    /// Whether the tables were created (the error otherwise, refused on every command).
    tables: std::result::Result<(), String>,
}

#[derive(Deserialize)]
struct TextRow {
    v: String,
}
#[derive(Deserialize)]
struct ClaimRow {
    member: String,
    coupon: String,
}
#[derive(Deserialize)]
struct NumRow {
    n: f64,
}

fn internal(e: impl std::fmt::Display) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

impl CampaignObject {
    fn sql(&self) -> worker::SqlStorage {
        self.state.storage().sql()
    }

    fn campaign(&self) -> Result<Option<Campaign>> {
        if self.campaign.borrow().is_none() {
            let rows: Vec<TextRow> = self.sql().exec("SELECT v FROM kv WHERE k = 'campaign'", None)?.to_array()?;
            let loaded = rows.first().map(|r| decode(&r.v)).transpose()?;
            *self.campaign.borrow_mut() = loaded;
        }
        Ok(self.campaign.borrow().clone())
    }

    fn count(&self, sql: &str, bindings: Vec<worker::SqlStorageValue>) -> Result<u32> {
        let rows: Vec<NumRow> = self.sql().exec(sql, bindings)?.to_array()?;
        Ok(rows.first().map(|r| r.n as u32).unwrap_or(0))
    }

    /// When a manager closed the campaign, if they did.
    fn closed_at(&self) -> Result<Option<DateTime<Utc>>> {
        let rows: Vec<TextRow> = self.sql().exec("SELECT v FROM kv WHERE k = 'closed'", None)?.to_array()?;
        rows.first().map(|r| serde_json::from_str(&r.v).map_err(internal)).transpose()
    }

    fn figures(&self, member: Option<&MemberId>) -> Result<CampaignFigures> {
        Ok(CampaignFigures {
            closed_at: self.closed_at()?,
            claimed: self.count("SELECT COUNT(*) AS n FROM claims", vec![])?,
            member_claimed: match member {
                Some(m) => self.count("SELECT COUNT(*) AS n FROM claims WHERE member = ?", vec![m.as_str().into()])?,
                None => 0,
            },
        })
    }

    fn apply(&self, command: CampaignCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        Ok(match command {
            CampaignCommand::Init(Init { campaign }) => {
                if self.campaign()?.is_none() {
                    let text = encode(&campaign)?;
                    self.sql().exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('campaign', ?)", vec![text.into()])?;
                    *self.campaign.borrow_mut() = Some(campaign);
                }
                Ok(reply::<Init>(&self.figures(None)?))
            }
            CampaignCommand::Claim(Claim { claim_key, member, coupon_id, member_joined, now }) => {
                let Some(campaign) = self.campaign()? else { return Ok(Err(ApiError::not_found("no such campaign"))) };
                let earlier: Vec<ClaimRow> = self
                    .sql()
                    .exec("SELECT member, coupon FROM claims WHERE claim_key = ?", vec![claim_key.as_str().into()])?
                    .to_array()?;
                let earlier = match earlier.first() {
                    Some(row) => {
                        Some((MemberId::parse(&row.member).map_err(internal)?, decode::<Coupon>(&row.coupon)?))
                    }
                    None => None,
                };
                let recorded = earlier.as_ref().map(|(m, coupon)| RecordedClaim { member: m, coupon });
                let f = self.figures(Some(&member))?;
                let decision = campaign.decide_claim(
                    recorded,
                    &member,
                    f.claimed,
                    f.member_claimed,
                    member_joined,
                    coupon_id,
                    now,
                );
                match Campaign::decide_after_close(decision, f.closed_at) {
                    ClaimDecision::Repeat(coupon) => Ok(reply::<Claim>(&coupon)),
                    ClaimDecision::Refuse(e) => Err(e.into()),
                    ClaimDecision::Grant(coupon) => {
                        let text = encode(&coupon)?;
                        self.sql().exec(
                            "INSERT INTO claims (claim_key, member, coupon) VALUES (?, ?, ?)",
                            vec![claim_key.into(), member.as_str().into(), text.into()],
                        )?;
                        Ok(reply::<Claim>(&coupon))
                    }
                }
            }
            CampaignCommand::Figures(Figures { member }) => Ok(reply::<Figures>(&self.figures(member.as_ref())?)),
            CampaignCommand::Close(Close { now }) => {
                if self.closed_at()?.is_none() {
                    let text = serde_json::to_string(&now).map_err(internal)?;
                    self.sql().exec("INSERT OR IGNORE INTO kv (k, v) VALUES ('closed', ?)", vec![text.into()])?;
                }
                Ok(reply::<Close>(&self.figures(None)?))
            }
        })
    }
}

impl worker::DurableObject for CampaignObject {
    fn new(state: State, _env: Env) -> Self {
        let tables = create_tables(
            &state.storage().sql(),
            &[
                "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS claims (claim_key TEXT PRIMARY KEY, member TEXT NOT NULL, coupon TEXT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS claims_by_member ON claims(member)",
            ],
        );
        CampaignObject { state, campaign: RefCell::new(None), tables }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.tables.clone().map_err(internal)?;
        let command: CampaignCommand = match req.json().await {
            Ok(c) => c,
            Err(e) => return answer::<()>(Err(ApiError::bad_request(format!("campaign command: {e}")))),
        };
        answer(self.apply(command)?)
    }
}
