//! The dashboard's rows as D1 gives them, and what they make: the facts of a window
//! ([`facts`]), each guide's figures ([`GuideRow::figures`]) and the customers each promoter
//! brought with their saved commissions and their orders' pickups ([`brought`]).

use super::Fact;
use super::promoters::Brought;
use crate::api::GuideFigures;
use crate::ids::{IdError, OrderId};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// An order paid in the window.
#[derive(Clone, Debug, Deserialize)]
pub struct PaidRow {
    /// When.
    #[serde(with = "crate::instant::stored")]
    pub paid_at: DateTime<Utc>,
    /// Its total, fen.
    pub total_fen: i64,
    /// Non-zero when it spent a coupon.
    pub coupon: i64,
    /// Flash-sale units in it.
    pub flash_units: i64,
}

/// A member who joined in the window.
#[derive(Clone, Debug, Deserialize)]
pub struct JoinedRow {
    /// When.
    #[serde(with = "crate::instant::stored")]
    pub created_at: DateTime<Utc>,
}

/// A guide and their counts.
#[derive(Clone, Debug, Deserialize)]
pub struct GuideRow {
    /// Staff number.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// Customers they look after.
    pub customers: i64,
    /// Orders they placed for customers, paid in the window.
    pub orders: i64,
    /// What those took, fen.
    pub takings: i64,
}

/// A customer a promoter brought, with their commissions as last saved.
#[derive(Clone, Debug, Deserialize)]
pub struct BroughtRow {
    /// The promoter's staff number.
    pub promoter: String,
    /// The promoter's name.
    pub name: String,
    /// The customer.
    pub member_id: String,
    /// When the customer registered.
    #[serde(with = "crate::instant::stored")]
    pub joined_at: DateTime<Utc>,
    /// The saved [`crate::promoter::PromotedCustomer`] (JSON), `None` until their first paid
    /// order.
    pub state: Option<String>,
}

/// A brought customer's order that was picked up.
#[derive(Clone, Debug, Deserialize)]
pub struct PickupRow {
    /// The order.
    pub id: String,
    /// Its member.
    pub member_id: String,
    /// When it was picked up.
    #[serde(with = "crate::instant::stored")]
    pub picked_up_at: DateTime<Utc>,
}

/// Why the promoters' rows do not read back (a fault on our side).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BroughtError {
    /// A picked-up order's id is not one.
    #[error("order {id}: {source}")]
    Order {
        /// The id as stored.
        id: String,
        /// What is wrong with it.
        source: IdError,
    },
    /// A customer's saved commissions do not read back.
    #[error("promoted {member}: {detail}")]
    State {
        /// The customer.
        member: String,
        /// What serde said.
        detail: String,
    },
}

fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// The window's facts: the paid orders, then the members who joined.
pub fn facts(paid: Vec<PaidRow>, joined: Vec<JoinedRow>) -> Vec<Fact> {
    let orders = paid.into_iter().map(|r| Fact::OrderPaid {
        at: r.paid_at,
        total_fen: r.total_fen.max(0) as u64,
        coupon: r.coupon != 0,
        flash_units: count(r.flash_units),
    });
    orders.chain(joined.into_iter().map(|r| Fact::MemberJoined { at: r.created_at })).collect()
}

impl GuideRow {
    /// The guide's figures (negative counts read as zero).
    pub fn figures(self) -> GuideFigures {
        GuideFigures {
            staff_id: self.staff_id,
            name: self.name,
            customers: count(self.customers),
            orders_for_customers: count(self.orders),
            takings_fen: self.takings.max(0) as u64,
        }
    }
}

/// Each brought customer with their saved commissions and their own orders' pickups.
pub fn brought(rows: Vec<BroughtRow>, picked: Vec<PickupRow>) -> Result<Vec<Brought>, BroughtError> {
    let mut pickups: HashMap<String, Vec<(OrderId, DateTime<Utc>)>> = HashMap::new();
    for p in picked {
        let id = OrderId::parse(&p.id).map_err(|source| BroughtError::Order { id: p.id.clone(), source })?;
        pickups.entry(p.member_id).or_default().push((id, p.picked_up_at));
    }
    rows.into_iter()
        .map(|r| {
            let customer = match r.state.as_deref() {
                Some(s) => Some(
                    serde_json::from_str(s)
                        .map_err(|e| BroughtError::State { member: r.member_id.clone(), detail: e.to_string() })?,
                ),
                None => None,
            };
            let pickups = pickups.remove(&r.member_id).unwrap_or_default();
            Ok(Brought { promoter: r.promoter, name: r.name, joined_at: r.joined_at, customer, pickups })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    fn row(member: &str, state: Option<&str>) -> BroughtRow {
        BroughtRow {
            promoter: "G1".into(),
            name: "Wang".into(),
            member_id: member.into(),
            joined_at: at("2026-11-24T08:00:00Z"),
            state: state.map(str::to_owned),
        }
    }

    fn pickup(id: &str, member: &str) -> PickupRow {
        PickupRow { id: id.into(), member_id: member.into(), picked_up_at: at("2026-11-25T08:00:00Z") }
    }

    #[test]
    fn facts_are_the_paid_orders_then_the_new_members() {
        let paid = vec![PaidRow { paid_at: at("2026-11-24T08:00:00Z"), total_fen: -1, coupon: 1, flash_units: -2 }];
        let joined = vec![JoinedRow { created_at: at("2026-11-24T09:00:00Z") }];
        assert_eq!(
            facts(paid, joined),
            [
                Fact::OrderPaid { at: at("2026-11-24T08:00:00Z"), total_fen: 0, coupon: true, flash_units: 0 },
                Fact::MemberJoined { at: at("2026-11-24T09:00:00Z") },
            ]
        );
    }

    #[test]
    fn a_guides_figures_never_go_negative() {
        let g =
            GuideRow { staff_id: "G1".into(), name: "Wang".into(), customers: 3, orders: -1, takings: 900 }.figures();
        let expected = GuideFigures {
            staff_id: "G1".into(),
            name: "Wang".into(),
            customers: 3,
            orders_for_customers: 0,
            takings_fen: 900,
        };
        assert_eq!(g, expected);
    }

    #[test]
    fn each_customer_gets_their_own_pickups_and_saved_commissions() {
        let state = r#"{"promoter":"G1","member":"M10000001","commissions":[]}"#;
        let rows = vec![row("M10000001", Some(state)), row("M10000002", None)];
        let picked = vec![pickup("O1", "M10000001"), pickup("O2", "M10000003")];
        let b = brought(rows, picked).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].pickups.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["O1"]);
        assert_eq!(b[0].customer.as_ref().map(|c| c.promoter()), Some("G1"));
        assert!(b[1].customer.is_none() && b[1].pickups.is_empty());
        assert_eq!((b[1].promoter.as_str(), b[1].name.as_str()), ("G1", "Wang"));
    }

    #[test]
    fn a_bad_order_id_or_saved_state_is_named() {
        let err = brought(vec![row("M10000001", Some("{"))], vec![pickup("", "M10000001")]).unwrap_err();
        assert!(err.to_string().starts_with("order : "), "{err}");
        let err = brought(vec![row("M10000001", Some("{"))], vec![]).unwrap_err();
        assert!(err.to_string().starts_with("promoted M10000001: "), "{err}");
    }
}
