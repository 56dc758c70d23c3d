//! The member's session as pages use it: fetch with the token, or know that nobody is signed in.

use crate::AppState;
use crate::api::ClientError;
use leptos::prelude::*;
use std::future::Future;

/// What a member page fetched: `Ok(None)` while nobody is signed in.
pub type MemberData<T> = Result<Option<T>, ClientError>;

/// A resource that fetches with the signed-in member's token, again whenever the token changes
/// (or whatever `fetch` reads before its first await). Signed out it holds `Ok(None)` without
/// asking the server; a token the server no longer accepts signs the member out here, so the
/// page falls back to the sign-in path instead of showing an error that cannot be retried away.
pub fn use_member_resource<T, Fut>(fetch: impl Fn(String) -> Fut + 'static) -> LocalResource<MemberData<T>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let state = AppState::get();
    LocalResource::new(move || {
        let pending = state.member_token.get().map(&fetch);
        async move {
            let Some(pending) = pending else { return Ok(None) };
            let result = pending.await;
            if let Err(e) = &result {
                state.on_member_error(e);
            }
            result.map(Some)
        }
    })
}
