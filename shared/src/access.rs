//! Who may call an endpoint, decided once from the route table. The worker verifies the token,
//! describes the caller as a [`Signed`] and asks [`Access::admit`] before any handler runs, so a
//! handler never checks access itself and cannot forget to.
//!
//! Roles grow by adding a variant here (and to [`StaffRole`]): the matches below are exhaustive,
//! so a new role cannot be admitted anywhere by accident. Head office (`admin`) is admitted
//! wherever a manager is; which store it acts for is [`StaffRole::acts_for`]'s rule.

use crate::session::StaffRole;
use crate::{ApiError, ErrorCode};

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in member.
    Member,
    /// Anyone signed in, member or staff (signing out).
    Session,
    /// Signed-in staff (guide or manager) of a store.
    Staff,
    /// A signed-in manager of a store.
    Manager,
    /// Head office only (`admin`): the catalog, and whatever spans every store.
    Admin,
    /// Local development only, with the seed token (which the worker holds and checks).
    Dev,
}

/// Who a verified token says is calling, as far as access is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signed {
    /// A member.
    Member,
    /// Staff of a store, in a role.
    Staff(StaffRole),
}

/// Why a caller may not use an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// No valid sign-in where one is needed (401).
    #[error("sign in first")]
    SignInFirst,
    /// Staff calling a member's endpoint (403 `WRONG_ROLE`).
    #[error("this needs a member's sign-in, not staff")]
    MembersOnly,
    /// A member calling a staff endpoint (403 `WRONG_ROLE`).
    #[error("this needs a staff sign-in, not a member's")]
    StaffOnly,
    /// A guide calling a manager's endpoint (403 `FORBIDDEN`).
    #[error("only a store manager may do this")]
    ManagersOnly,
    /// A guide or manager calling a head-office endpoint (403 `FORBIDDEN`).
    #[error("only head office may do this")]
    AdminsOnly,
}

impl AccessError {
    /// The error code the API answers with.
    pub fn code(self) -> ErrorCode {
        match self {
            AccessError::SignInFirst => ErrorCode::Unauthenticated,
            AccessError::MembersOnly | AccessError::StaffOnly => ErrorCode::WrongRole,
            AccessError::ManagersOnly | AccessError::AdminsOnly => ErrorCode::Forbidden,
        }
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl Access {
    /// Whether the caller's token must be read and verified before the endpoint runs.
    pub fn needs_sign_in(self) -> bool {
        match self {
            Access::Member | Access::Session | Access::Staff | Access::Manager | Access::Admin => true,
            Access::Public | Access::Dev => false,
        }
    }

    /// Whether `who` (`None`: nobody signed in) may call an endpoint with this access.
    pub fn admit(self, who: Option<Signed>) -> Result<(), AccessError> {
        use StaffRole::{Admin, Guide, Manager};
        match (self, who) {
            (Access::Public | Access::Dev, _) => Ok(()),
            (_, None) => Err(AccessError::SignInFirst),
            (Access::Session, Some(_)) => Ok(()),
            (Access::Member, Some(Signed::Member)) => Ok(()),
            (Access::Member, Some(Signed::Staff(_))) => Err(AccessError::MembersOnly),
            (Access::Staff | Access::Manager | Access::Admin, Some(Signed::Member)) => Err(AccessError::StaffOnly),
            (Access::Staff, Some(Signed::Staff(Guide | Manager | Admin))) => Ok(()),
            (Access::Manager, Some(Signed::Staff(Manager | Admin))) => Ok(()),
            (Access::Manager, Some(Signed::Staff(Guide))) => Err(AccessError::ManagersOnly),
            (Access::Admin, Some(Signed::Staff(Admin))) => Ok(()),
            (Access::Admin, Some(Signed::Staff(Guide | Manager))) => Err(AccessError::AdminsOnly),
        }
    }

    /// Lower-case name, as the OpenAPI document's `x-edgemall-access` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Member => "member",
            Access::Session => "member or staff",
            Access::Staff => "staff",
            Access::Manager => "manager",
            Access::Admin => "admin",
            Access::Dev => "local development only",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERYONE: [Option<Signed>; 5] = [
        None,
        Some(Signed::Member),
        Some(Signed::Staff(StaffRole::Guide)),
        Some(Signed::Staff(StaffRole::Manager)),
        Some(Signed::Staff(StaffRole::Admin)),
    ];

    #[test]
    fn nobody_signed_in_is_401_exactly_where_a_sign_in_is_needed() {
        for access in [
            Access::Public,
            Access::Member,
            Access::Session,
            Access::Staff,
            Access::Manager,
            Access::Admin,
            Access::Dev,
        ] {
            let refused = access.admit(None).err();
            assert_eq!(refused == Some(AccessError::SignInFirst), access.needs_sign_in(), "{access:?}");
            for who in EVERYONE.iter().flatten() {
                assert_ne!(access.admit(Some(*who)), Err(AccessError::SignInFirst), "{access:?} {who:?}");
            }
        }
    }

    #[test]
    fn each_role_reaches_exactly_its_endpoints() {
        let admitted = |access: Access| EVERYONE.map(|who| access.admit(who).is_ok());
        assert_eq!(admitted(Access::Public), [true, true, true, true, true]);
        assert_eq!(admitted(Access::Member), [false, true, false, false, false]);
        assert_eq!(admitted(Access::Session), [false, true, true, true, true]);
        assert_eq!(admitted(Access::Staff), [false, false, true, true, true]);
        assert_eq!(admitted(Access::Manager), [false, false, false, true, true]);
        assert_eq!(admitted(Access::Admin), [false, false, false, false, true]);
    }

    #[test]
    fn refusals_keep_the_contracts_status_codes() {
        let status = |e: AccessError| ApiError::from(e).status();
        assert_eq!(status(AccessError::SignInFirst), 401);
        assert_eq!(ApiError::from(AccessError::StaffOnly).code(), ErrorCode::WrongRole);
        assert_eq!(ApiError::from(AccessError::MembersOnly).code(), ErrorCode::WrongRole);
        assert_eq!(ApiError::from(AccessError::ManagersOnly).code(), ErrorCode::Forbidden);
        assert_eq!(status(AccessError::ManagersOnly), 403);
        assert_eq!(
            Access::Member.admit(Some(Signed::Staff(StaffRole::Manager))),
            Err(AccessError::MembersOnly),
            "staff are not members"
        );
    }
}
