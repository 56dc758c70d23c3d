//! A guide leaves: a manager hands every customer bound to them to another guide of the same
//! store in one step. The bindings keep their dates, so each customer's protection period
//! (see [`super::PROTECTION_DAYS`]) runs on from where it was instead of starting again.

use crate::kinds::StaffRole;
use crate::staff_ops::StaffMember;

/// Why a handover was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    /// The customers would go back to the guide who is leaving (422 `INVALID`).
    #[error("the customers are already {0}'s: name another guide")]
    SameGuide(String),
    /// The receiving guide is disabled (409 `GUIDE_UNAVAILABLE`).
    #[error("{0} is disabled and cannot take customers over")]
    Disabled(String),
    /// The receiving guide works in another store (409 `GUIDE_UNAVAILABLE`).
    #[error("{0} works in store {1}; customers stay in their store")]
    OtherStore(String, String),
    /// Head office looks after no customers (409 `GUIDE_UNAVAILABLE`).
    #[error("{0} is head office and looks after no customers")]
    NotInAStore(String),
}

/// Checks that the customers of `leaving` may go to `to`: another person, enabled, of the same
/// store, a guide or a manager (head office has no counter).
pub fn check(leaving: &StaffMember, to: &StaffMember) -> Result<(), HandoverError> {
    if leaving.id.eq_ignore_ascii_case(&to.id) {
        return Err(HandoverError::SameGuide(to.id.clone()));
    }
    if to.disabled {
        return Err(HandoverError::Disabled(to.id.clone()));
    }
    if to.role == StaffRole::Admin {
        return Err(HandoverError::NotInAStore(to.id.clone()));
    }
    if to.store_id != leaving.store_id {
        return Err(HandoverError::OtherStore(to.id.clone(), to.store_id.clone()));
    }
    Ok(())
}

impl From<HandoverError> for crate::ApiError {
    fn from(e: HandoverError) -> crate::ApiError {
        let code = match e {
            HandoverError::SameGuide(_) => crate::ErrorCode::Invalid,
            _ => crate::ErrorCode::GuideUnavailable,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn staff(id: &str, store: &str, role: StaffRole, disabled: bool) -> StaffMember {
        StaffMember { id: id.into(), name: id.into(), store_id: store.into(), role, disabled }
    }

    #[test]
    fn customers_go_to_an_enabled_colleague_of_the_same_store_only() {
        let leaving = staff("G1001", "S1", StaffRole::Guide, false);
        assert_eq!(check(&leaving, &staff("G1002", "S1", StaffRole::Guide, false)), Ok(()));
        assert_eq!(check(&leaving, &staff("M1001", "S1", StaffRole::Manager, false)), Ok(()));
        let refused = [
            (staff("g1001", "S1", StaffRole::Guide, false), ErrorCode::Invalid),
            (staff("G1003", "S1", StaffRole::Guide, true), ErrorCode::GuideUnavailable),
            (staff("G2001", "S2", StaffRole::Guide, false), ErrorCode::GuideUnavailable),
            (staff("A0001", "S1", StaffRole::Admin, false), ErrorCode::GuideUnavailable),
        ];
        for (to, code) in refused {
            let e = check(&leaving, &to).expect_err("refused");
            assert_eq!(crate::ApiError::from(e).code(), code, "{}", to.id);
        }
    }

    #[test]
    fn a_disabled_leaving_guide_can_still_hand_over() {
        let leaving = staff("G1001", "S1", StaffRole::Guide, true);
        assert_eq!(check(&leaving, &staff("G1002", "S1", StaffRole::Guide, false)), Ok(()));
    }
}
