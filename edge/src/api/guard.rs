//! What a production build (without the `dev` feature) checks before it answers anything: the
//! deployment's secrets must be set and must not be the published development values. Otherwise
//! every API request is refused with 503 and the log names the setting (never its value).

use crate::ctx::var;
use crate::http::error_response;
use shared::keys::{DEVELOPMENT_SECRETS, check_production_secret};
use shared::{ApiError, ErrorCode};
use worker::{Env, Response};

/// What is wrong with the deployment's secrets (`"APP_SECRET is not set"`…), if anything.
pub fn unsafe_secrets(env: &Env) -> Vec<String> {
    DEVELOPMENT_SECRETS
        .iter()
        .filter_map(|(name, _)| {
            check_production_secret(name, var(env, name).as_deref()).err().map(|problem| format!("{name} {problem}"))
        })
        .collect()
}

/// The refusal to send instead of an answer, if a secret is unsafe.
pub fn refuse_unsafe_secrets(env: &Env) -> Option<Response> {
    let problems = unsafe_secrets(env);
    if problems.is_empty() {
        return None;
    }
    worker::console_error!(
        "refusing to serve: {} (set it with `npx wrangler secret put NAME`; see edge/.dev.vars.example)",
        problems.join("; ")
    );
    Some(error_response(&ApiError::new(
        ErrorCode::Unavailable,
        "this deployment is not configured: a required secret is missing or is a development value (see the log)",
    )))
}
