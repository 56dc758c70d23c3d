//! Identifiers. Each is a newtype that can only be built through `parse`, so a value that
//! exists is a value that is well-formed: 1–40 characters of `A–Z a–z 0–9 - _`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text was refused as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was given.
    #[error("{kind} is empty")]
    Empty {
        /// Which kind of id.
        kind: &'static str,
    },
    /// More than 40 characters.
    #[error("{kind} is longer than 40 characters")]
    TooLong {
        /// Which kind of id.
        kind: &'static str,
    },
    /// A character outside `A–Z a–z 0–9 - _`.
    #[error("{kind} may only contain letters, digits, '-' and '_'")]
    BadCharacter {
        /// Which kind of id.
        kind: &'static str,
    },
}

fn check(kind: &'static str, text: &str) -> Result<(), IdError> {
    if text.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if text.len() > 40 {
        return Err(IdError::TooLong { kind });
    }
    if !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(IdError::BadCharacter { kind });
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Accepts a well-formed id.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                check($kind, text)?;
                Ok(Self(text.to_owned()))
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(text: String) -> Result<Self, IdError> {
                check($kind, &text)?;
                Ok(Self(text))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A store of the chain, e.g. `S1`.
    StoreId, "store_id"
);
id_type!(
    /// A stock-keeping unit, e.g. `SKU-1001`.
    Sku, "sku"
);
id_type!(
    /// A brand counter on a floor, e.g. `S1-C03`.
    CounterId, "counter_id"
);
id_type!(
    /// A floor of a store, e.g. `S1-F2`.
    FloorId, "floor_id"
);

id_type!(
    /// A product category slug, e.g. `beauty`.
    Category, "category"
);
id_type!(
    /// Ties SKUs that are variants of one item (its colours, its sizes), e.g. `G-RUN-1024`.
    VariantGroup, "group"
);

id_type!(
    /// An order, e.g. `O7K2M9QX4TB1C8DZ`. Also the id of the stock locks the order holds.
    OrderId, "order_id"
);
id_type!(
    /// A flash sale, e.g. `FS-20261124-01`.
    SaleId, "flash_sale_id"
);
id_type!(
    /// A member, e.g. `M10000001`.
    MemberId, "member_id"
);

/// Crockford base32 without padding (no I, L, O, U: easy to read aloud).
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in bytes {
        buffer = (buffer << 8) | *b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_ids_parse_and_round_trip() {
        let id = StoreId::parse("S1").unwrap();
        assert_eq!(id.as_str(), "S1");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"S1\"");
        assert_eq!(serde_json::from_str::<Sku>("\"SKU-1001\"").unwrap().as_str(), "SKU-1001");
    }

    #[test]
    fn base32_is_crockford_without_padding() {
        assert_eq!(base32(&[0xff, 0x00]), "ZW00");
        assert_eq!(base32(&[]), "");
    }

    #[test]
    fn malformed_ids_are_refused_with_the_reason() {
        assert_eq!(StoreId::parse(""), Err(IdError::Empty { kind: "store_id" }));
        assert_eq!(Sku::parse(&"x".repeat(41)), Err(IdError::TooLong { kind: "sku" }));
        assert_eq!(Sku::parse("a b"), Err(IdError::BadCharacter { kind: "sku" }));
        assert_eq!(Sku::parse("'; drop"), Err(IdError::BadCharacter { kind: "sku" }));
        assert!(serde_json::from_str::<CounterId>("\"../x\"").is_err());
    }
}
