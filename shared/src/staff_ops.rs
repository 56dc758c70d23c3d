//! Staff as data (contract v2 "Store operations"): who may add whom, what a new staff member's
//! record must hold, who may disable or reset whom. Head office acts for every store and every
//! role; a store manager adds, disables and resets only guides of their own store.

use crate::ids::StoreId;
use crate::password::{Password, PasswordError};
use crate::session::StaffRole;
use serde::{Deserialize, Serialize};

/// `POST /api/manage/staff` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRequest {
    /// Staff number, e.g. `G1002` (also the sign-in name).
    pub staff_no: String,
    /// Name.
    pub name: String,
    /// Home store.
    pub store_id: String,
    /// `guide`, `manager` or `admin`.
    pub role: String,
    /// First password (8 to 128 characters).
    pub password: String,
}

/// `POST /api/manage/staff/{staff_no}/password` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordRequest {
    /// The new password (8 to 128 characters).
    pub password: String,
}

/// A staff member as `GET /api/manage/staff` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// Staff number.
    pub id: String,
    /// Name.
    pub name: String,
    /// Home store.
    pub store_id: String,
    /// Role.
    pub role: StaffRole,
    /// Whether they were disabled (their sign-ins and tokens no longer work).
    pub disabled: bool,
}

/// Why a staff request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    /// The staff number is not 2 to 16 letters and digits.
    #[error("staff_no: must be 2 to 16 letters and digits")]
    StaffNo,
    /// The name is empty or too long.
    #[error("name: must be 1 to 40 characters")]
    Name,
    /// The store id is malformed.
    #[error("store_id: {0}")]
    Store(String),
    /// Not one of the three roles.
    #[error("role: must be guide, manager or admin")]
    Role,
    /// The password breaks its rule.
    #[error("password: {0}")]
    Password(#[from] PasswordError),
    /// The actor may not act on this role (403 `FORBIDDEN`).
    #[error("a store manager manages guides only; head office manages managers and admins")]
    RoleNotYours,
    /// Staff may not disable themselves (422: head office would lock itself out).
    #[error("staff_no: you cannot disable yourself")]
    Yourself,
    /// The actor may not act in this store (403 `WRONG_STORE`).
    #[error("you manage store {0} only")]
    StoreNotYours(String),
}

impl From<StaffError> for crate::ApiError {
    fn from(e: StaffError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            StaffError::RoleNotYours => E::Forbidden,
            StaffError::StoreNotYours(_) => E::WrongStore,
            _ => E::Invalid,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// A staff record that passed every rule (the password is still in clear: the caller hashes it
/// with a salt it draws).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffDraft {
    staff_no: String,
    name: String,
    store: StoreId,
    role: StaffRole,
    password: Password,
}

/// Reads a staff number: 2 to 16 ASCII letters and digits, upper-cased as sign-in reads it.
pub fn staff_no(text: &str) -> Result<String, StaffError> {
    let t = text.trim().to_ascii_uppercase();
    match (2..=16).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()) {
        true => Ok(t),
        false => Err(StaffError::StaffNo),
    }
}

/// Whether `actor` (role, home store) may add, disable or reset a staff member of `role` in
/// `store`: head office anyone anywhere, a manager guides of their own store, a guide no one.
pub fn may_manage(actor: StaffRole, actor_store: &str, role: StaffRole, store: &str) -> Result<(), StaffError> {
    match (actor, role) {
        (StaffRole::Admin, _) => Ok(()),
        (StaffRole::Manager, StaffRole::Guide) if actor_store == store => Ok(()),
        (StaffRole::Manager, StaffRole::Guide) => Err(StaffError::StoreNotYours(actor_store.to_owned())),
        _ => Err(StaffError::RoleNotYours),
    }
}

/// Whether `actor` may disable `target`: anyone they manage ([`may_manage`]) but themselves.
pub fn may_disable(actor: &str, target: &str) -> Result<(), StaffError> {
    match actor.eq_ignore_ascii_case(target) {
        true => Err(StaffError::Yourself),
        false => Ok(()),
    }
}

impl StaffDraft {
    /// Checks a request's fields (not yet who asks: see [`may_manage`]).
    pub fn parse(req: &StaffRequest) -> Result<StaffDraft, StaffError> {
        let staff_no = staff_no(&req.staff_no)?;
        let name = req.name.trim();
        if !(1..=40).contains(&name.chars().count()) {
            return Err(StaffError::Name);
        }
        let store = StoreId::parse(req.store_id.trim()).map_err(|e| StaffError::Store(e.to_string()))?;
        let role = StaffRole::parse(req.role.trim()).ok_or(StaffError::Role)?;
        let password = Password::parse(&req.password)?;
        Ok(StaffDraft { staff_no, name: name.to_owned(), store, role, password })
    }
    /// Staff number.
    pub fn staff_no(&self) -> &str {
        &self.staff_no
    }
    /// Name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Home store.
    pub fn store(&self) -> &StoreId {
        &self.store
    }
    /// Role.
    pub fn role(&self) -> StaffRole {
        self.role
    }
    /// The first password.
    pub fn password(&self) -> &Password {
        &self.password
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StaffRole::{Admin, Guide, Manager};

    fn request() -> StaffRequest {
        StaffRequest {
            staff_no: "G1009".into(),
            name: "小王".into(),
            store_id: "S1".into(),
            role: "guide".into(),
            password: "longenough".into(),
        }
    }

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode as E};
        let cases = [
            (StaffError::StaffNo, E::Invalid, 422),
            (StaffError::Store("bad".into()), E::Invalid, 422),
            (StaffError::Yourself, E::Invalid, 422),
            (StaffError::RoleNotYours, E::Forbidden, 403),
            (StaffError::StoreNotYours("S1".into()), E::WrongStore, 403),
        ];
        for (e, code, status) in cases {
            let api = ApiError::from(e.clone());
            assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
        }
        assert_eq!(ApiError::from(StaffError::StoreNotYours("S1".into())).error.message, "you manage store S1 only");
    }

    #[test]
    fn a_complete_request_is_a_draft() {
        let d = StaffDraft::parse(&request()).unwrap();
        assert_eq!((d.staff_no(), d.name(), d.store().as_str(), d.role()), ("G1009", "小王", "S1", Guide));
    }

    #[test]
    fn each_bad_field_is_named() {
        let refused = |f: fn(&mut StaffRequest)| {
            let mut r = request();
            f(&mut r);
            StaffDraft::parse(&r).unwrap_err().to_string()
        };
        assert!(refused(|r| r.staff_no = "G 1".into()).starts_with("staff_no:"));
        assert!(refused(|r| r.staff_no = "G".into()).starts_with("staff_no:"));
        assert!(refused(|r| r.name = " ".into()).starts_with("name:"));
        assert!(refused(|r| r.store_id = "".into()).starts_with("store_id:"));
        assert!(refused(|r| r.role = "boss".into()).starts_with("role:"));
        assert!(refused(|r| r.password = "short".into()).starts_with("password:"));
    }

    #[test]
    fn managers_manage_guides_of_their_store_and_head_office_everyone() {
        assert_eq!(may_manage(Manager, "S1", Guide, "S1"), Ok(()));
        assert_eq!(may_manage(Manager, "S1", Guide, "S2"), Err(StaffError::StoreNotYours("S1".into())));
        assert_eq!(may_manage(Manager, "S1", Manager, "S1"), Err(StaffError::RoleNotYours));
        assert_eq!(may_manage(Manager, "S1", Admin, "S1"), Err(StaffError::RoleNotYours));
        assert_eq!(may_manage(Guide, "S1", Guide, "S1"), Err(StaffError::RoleNotYours));
        assert_eq!(may_disable("A0001", "a0001"), Err(StaffError::Yourself));
        assert_eq!(may_disable("A0001", "G1001"), Ok(()));
        for role in [Guide, Manager, Admin] {
            assert_eq!(may_manage(Admin, "S1", role, "S2"), Ok(()));
        }
    }
}
