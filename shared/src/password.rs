//! Passwords: accepted by length, stored only as PBKDF2-HMAC-SHA256 hashes.
//!
//! The stored form is `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, so the cost can rise
//! later without invalidating existing hashes. The salt is passed in (the core has no
//! randomness of its own). See the README for how the cost was chosen against the Workers CPU
//! budget.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use sha2::Sha256;

/// The cost new hashes get (see README, "Password hashing").
pub const ITERATIONS: u32 = 100_000;

/// A password a person chose: 8 to 128 characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// Why a password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than 8 characters.
    #[error("password must be at least 8 characters")]
    TooShort,
    /// More than 128 characters.
    #[error("password must be at most 128 characters")]
    TooLong,
}

impl Password {
    /// Accepts 8..=128 characters.
    pub fn parse(text: &str) -> Result<Password, PasswordError> {
        match text.chars().count() {
            0..8 => Err(PasswordError::TooShort),
            8..=128 => Ok(Password(text.to_owned())),
            _ => Err(PasswordError::TooLong),
        }
    }
}

/// A stored password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordHash {
    iterations: u32,
    salt: Vec<u8>,
    hash: [u8; 32],
}

/// Why a stored hash could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable password hash")]
pub struct HashFormatError;

fn derive(password: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut out);
    out
}

impl PasswordHash {
    /// Hashes a password with a caller-supplied random salt.
    pub fn new(password: &Password, salt: [u8; 16], iterations: u32) -> PasswordHash {
        let iterations = iterations.max(1);
        PasswordHash { iterations, salt: salt.to_vec(), hash: derive(&password.0, &salt, iterations) }
    }

    /// Reads the stored form.
    pub fn parse(stored: &str) -> Result<PasswordHash, HashFormatError> {
        let mut parts = stored.split('$');
        if parts.next() != Some("pbkdf2-sha256") {
            return Err(HashFormatError);
        }
        let iterations: u32 = parts.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0).ok_or(HashFormatError)?;
        let salt = parts.next().and_then(|s| B64.decode(s).ok()).ok_or(HashFormatError)?;
        let hash: [u8; 32] =
            parts.next().and_then(|s| B64.decode(s).ok()).and_then(|h| h.try_into().ok()).ok_or(HashFormatError)?;
        if parts.next().is_some() {
            return Err(HashFormatError);
        }
        Ok(PasswordHash { iterations, salt, hash })
    }

    /// The stored form.
    pub fn encode(&self) -> String {
        format!("pbkdf2-sha256${}${}${}", self.iterations, B64.encode(&self.salt), B64.encode(self.hash))
    }

    /// Whether `candidate` is the password (constant-time comparison). Any text is accepted
    /// here, so a wrong-length attempt costs the same as a right-length one.
    pub fn verify(&self, candidate: &str) -> bool {
        crate::keys::constant_time_eq(&derive(candidate, &self.salt, self.iterations), &self.hash)
    }

    /// The cost this hash was made with.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(Password::parse("1234567"), Err(PasswordError::TooShort));
        assert!(Password::parse("12345678").is_ok());
        assert!(Password::parse("密码密码密码密码").is_ok(), "characters, not bytes");
        assert_eq!(Password::parse(&"x".repeat(129)), Err(PasswordError::TooLong));
    }

    #[test]
    fn a_hash_verifies_only_its_password_and_round_trips() {
        let pw = Password::parse("demo1234").unwrap();
        let h = PasswordHash::new(&pw, [7; 16], 1000);
        assert!(h.verify("demo1234"));
        assert!(!h.verify("demo12345"));
        assert!(!h.verify(""));
        let stored = h.encode();
        assert!(stored.starts_with("pbkdf2-sha256$1000$"));
        assert_eq!(PasswordHash::parse(&stored).unwrap(), h);
        assert_ne!(PasswordHash::new(&pw, [8; 16], 1000).encode(), stored, "salt matters");
    }

    #[test]
    fn known_answer_matches_rfc_7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1) first 32 bytes.
        let out = derive("passwd", b"salt", 1);
        assert_eq!(&out[..8], &[0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }

    #[test]
    fn garbage_hashes_are_refused() {
        for bad in
            ["", "md5$1$a$b", "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$10$!!$AAAA", "pbkdf2-sha256$10$AAAA$AAAA$x"]
        {
            assert!(PasswordHash::parse(bad).is_err(), "{bad}");
        }
    }
}
