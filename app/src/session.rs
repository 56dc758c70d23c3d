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

/// The sign-in page for a visitor who opened `path?query` signed out: it sends them back there
/// once they have signed in (`/member?next=%2Fcheckout%3Fsku%3D…`).
pub fn sign_in_path(path: &str, query: &str) -> String {
    let query = query.trim_start_matches('?');
    let page = if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") };
    let mut next = String::with_capacity(page.len());
    for b in page.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            next.push(char::from(b));
        } else {
            next.push_str(&format!("%{b:02X}"));
        }
    }
    format!("/member?next={next}")
}

/// Where to go once signed in: `next` when it is a page of this app (a path on this site, not
/// the sign-in page itself), so a crafted link cannot send the member to another site.
pub fn return_path(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    let sign_in = next == "/member" || next.starts_with("/member?");
    (local && !sign_in).then(|| next.to_owned())
}

/// What a member page shows signed out: it sends the visitor to sign in, to come back here.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = sign_in_path(&location.pathname.get_untracked(), &location.search.get_untracked());
    view! { <leptos_router::components::Redirect path=path/> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_page_is_told_where_to_come_back_to() {
        assert_eq!(sign_in_path("/member/top-up", ""), "/member?next=/member/top-up");
        assert_eq!(
            sign_in_path("/checkout", "?store=S1&sku=SKU-1001&qty=1"),
            "/member?next=/checkout%3Fstore%3DS1%26sku%3DSKU-1001%26qty%3D1"
        );
        assert_eq!(sign_in_path("/checkout", "q=口"), "/member?next=/checkout%3Fq%3D%E5%8F%A3");
    }

    #[test]
    fn only_pages_of_this_site_are_returned_to() {
        assert_eq!(return_path(Some("/checkout?store=S1")).as_deref(), Some("/checkout?store=S1"));
        assert_eq!(return_path(Some("/member/ledger")).as_deref(), Some("/member/ledger"));
        for bad in
            ["https://evil.example/", "//evil.example", "/\\evil.example", "checkout", "/member", "/member?next=/x"]
        {
            assert_eq!(return_path(Some(bad)), None, "{bad}");
        }
        assert_eq!(return_path(None), None);
    }
}
