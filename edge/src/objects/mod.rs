//! Durable Objects: each owns one piece of contended state and serializes every change to it.
//! The worker talks to an object with a JSON command of `shared::protocol` (sent through
//! [`crate::calls`]); the object answers 200 with the reply the command names, or an API error
//! (`{"error":…}`) with its status, which passes through unchanged. This module is the objects'
//! side only: nothing outside the Durable Object exports in `lib.rs` imports it.

pub mod campaign;
pub mod envelope;
pub mod member;
pub mod sale;
pub mod stock;

use serde::Serialize;
use shared::ApiError;
use shared::stored::Stored;
use worker::Response;

/// An object's answer: 200 with the value, or the API error with its status.
pub fn answer<T: Serialize>(outcome: Result<T, ApiError>) -> worker::Result<Response> {
    match outcome {
        Ok(value) => Response::from_json(&value),
        Err(e) => Ok(crate::http::error_response(&e)),
    }
}

/// Sets the object's alarm for `at` unless one is already due sooner (or clears nothing when
/// there is nothing to wait for: a spurious alarm finds nothing to do).
pub async fn schedule(state: &worker::State, at: Option<chrono::DateTime<chrono::Utc>>) -> worker::Result<()> {
    let Some(at) = at else { return Ok(()) };
    let storage = state.storage();
    let due = storage.get_alarm().await?;
    if due.is_none_or(|ms| ms > at.timestamp_millis()) {
        storage.set_alarm(at).await?;
    }
    Ok(())
}

/// Creates an object's tables (idempotent). The runtime gives `new` no way to fail, so the
/// first error is logged and kept; the object then refuses every command with it instead of
/// running against tables that may not exist.
pub fn create_tables(sql: &worker::SqlStorage, ddl: &[&str]) -> std::result::Result<(), String> {
    for statement in ddl {
        if let Err(e) = sql.exec(statement, None) {
            let detail = format!("creating an object's tables failed: {e}");
            worker::console_error!("{detail}");
            return Err(detail);
        }
    }
    Ok(())
}

/// The stored text of a shape (with its schema version, see `shared::stored`).
pub fn encode<T: Stored>(value: &T) -> worker::Result<String> {
    shared::stored::encode(value).map_err(|e| worker::Error::RustError(e.to_string()))
}

/// Reads a stored shape back; an unknown version or a malformed text is an error, never a
/// fresh value in its place.
pub fn decode<T: Stored>(text: &str) -> worker::Result<T> {
    shared::stored::decode(text).map_err(|e| worker::Error::RustError(e.to_string()))
}
