//! The closed sets of words the shop stores and sends: how a payment is made, what it pays
//! for, where it stands, a staff member's role and a coupon's scope. Each one is an enum whose
//! serde form is exactly today's wire and D1 string, so a value read from storage or a request
//! is either one of the known words or an error; nothing falls back to a default.
//!
//! `StaffRole` lives beside sessions and `Scope` beside coupons (their domains); they are
//! re-exported here so the boundary code finds every kind in one place.

use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::coupon::Scope;
pub use crate::session::StaffRole;

/// A word that is not one of a kind's known values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {text:?}")]
pub struct UnknownKind {
    /// Which kind was read (`payment method`, `payment status`, …).
    pub kind: &'static str,
    /// The text that was not recognised.
    pub text: String,
}

/// Declares a kind: the enum, its words, `parse`, `as_str`, `Display` and `FromStr`.
macro_rules! kind {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Reads the stored or sent word; anything else is an [`UnknownKind`].
            pub fn parse(text: &str) -> Result<$name, UnknownKind> {
                match text {
                    $($word => Ok($name::$variant),)+
                    _ => Err(UnknownKind { kind: $what, text: text.to_owned() }),
                }
            }

            /// The word as stored in D1 and sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownKind;
            fn from_str(text: &str) -> Result<$name, UnknownKind> {
                $name::parse(text)
            }
        }
    };
}

kind!(
    /// How a member pays: with stored value or through the (sandbox) gateway.
    PaymentMethod, "payment method", {
        /// Stored value on the member card (储值).
        Balance => "balance",
        /// The payment gateway (sandbox in this build).
        Sandbox => "sandbox",
    }
);

kind!(
    /// What a gateway payment pays for.
    PaymentKind, "payment kind", {
        /// Stored value bought for the member card.
        TopUp => "top_up",
        /// An order.
        Order => "order",
    }
);

kind!(
    /// Where a gateway payment stands.
    PaymentStatus, "payment status", {
        /// Asked of the gateway; no notification yet.
        Pending => "pending",
        /// The gateway confirmed it.
        Succeeded => "succeeded",
        /// Declined or abandoned.
        Failed => "failed",
    }
);

/// The stored-value ledger reference of an order's payment.
pub fn ledger_reference(order: &str) -> String {
    format!("order:{order}")
}

/// The payment id of an order paid by `method`: one per order and method, so paying twice
/// the same way reuses it; a second way of paying is a second payment, refunded if the first
/// one completed the order.
pub fn payment_id(order: &str, method: PaymentMethod) -> String {
    format!("P{order}{}", if method == PaymentMethod::Balance { "B" } else { "S" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's words survive parse → as_str and serde both ways, and serde writes the word.
    fn round_trips<T>(all: &[T], parse: fn(&str) -> Result<T, UnknownKind>, word: fn(T) -> &'static str)
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + for<'de> Deserialize<'de>,
    {
        for &k in all {
            assert_eq!(parse(word(k)), Ok(k));
            let json = serde_json::to_string(&k).expect("serialize");
            assert_eq!(json, format!("\"{}\"", word(k)));
            assert_eq!(serde_json::from_str::<T>(&json).expect("deserialize"), k);
        }
    }

    #[test]
    fn payment_kinds_keep_todays_words() {
        round_trips(PaymentMethod::ALL, PaymentMethod::parse, PaymentMethod::as_str);
        round_trips(PaymentKind::ALL, PaymentKind::parse, PaymentKind::as_str);
        round_trips(PaymentStatus::ALL, PaymentStatus::parse, PaymentStatus::as_str);
        let words: Vec<&str> = PaymentMethod::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(words, ["balance", "sandbox"]);
        let words: Vec<&str> = PaymentKind::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(words, ["top_up", "order"]);
        let words: Vec<&str> = PaymentStatus::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(words, ["pending", "succeeded", "failed"]);
    }

    #[test]
    fn an_order_has_one_payment_per_method_and_one_ledger_reference() {
        assert_eq!(payment_id("O1", PaymentMethod::Balance), "PO1B");
        assert_eq!(payment_id("O1", PaymentMethod::Sandbox), "PO1S");
        assert_eq!(ledger_reference("O1"), "order:O1");
    }

    #[test]
    fn an_unknown_word_is_an_error_not_a_default() {
        assert_eq!(
            PaymentStatus::parse("settled"),
            Err(UnknownKind { kind: "payment status", text: "settled".into() })
        );
        assert!(PaymentMethod::parse("Balance").is_err());
        assert!(PaymentMethod::parse("").is_err());
        assert!(serde_json::from_str::<PaymentKind>("\"refund\"").is_err());
        assert_eq!("sandbox".parse::<PaymentMethod>(), Ok(PaymentMethod::Sandbox));
    }

    #[test]
    fn staff_roles_and_scopes_keep_todays_words() {
        for role in [StaffRole::Guide, StaffRole::Manager, StaffRole::Admin] {
            let json = serde_json::to_string(&role).expect("serialize");
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(serde_json::from_str::<StaffRole>(&json).expect("deserialize"), role);
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
        assert!(serde_json::from_str::<StaffRole>("\"cashier\"").is_err());
        for text in ["all", "category:shoes", "brand:Lanya", "sku:SKU-1001"] {
            let scope = Scope::parse(text).expect("scope");
            assert_eq!(serde_json::to_string(&scope).expect("serialize"), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Scope>(&format!("\"{text}\"")).expect("deserialize"), scope);
        }
        assert!(serde_json::from_str::<Scope>("\"color:red\"").is_err());
    }
}
