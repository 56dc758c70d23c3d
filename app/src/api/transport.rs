//! Sending a request, and sending it again where that cannot do anything twice
//! (`shared::retry`): the transport under the typed client. Method and path come from the route
//! table, so the client names endpoints, never paths.

use super::{ClientError, answer_text, net};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::retry::{self, Outcome};
use shared::routes::{self, Method, RouteId};

/// Sends what `make` builds, and builds and sends it again where `shared::retry` says so: a GET
/// or a keyed write (with the same key) on a dropped connection, 503, 502/504 or 429.
async fn run(
    method: &str,
    keyed: bool,
    make: impl Fn() -> Result<Request, ClientError>,
) -> Result<Response, ClientError> {
    let mut attempt = 1;
    loop {
        let result = make()?.send().await;
        let outcome = match &result {
            Err(_) => Outcome::Dropped,
            Ok(r) => Outcome::Answered {
                status: r.status(),
                retry_after: r.headers().get("retry-after").and_then(|v| v.trim().parse().ok()),
            },
        };
        let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        match retry::DEFAULT.next_wait_jittered_ms(method, keyed, attempt, outcome, random) {
            Some(ms) => {
                gloo_timers::future::TimeoutFuture::new(ms.min(u64::from(u32::MAX)) as u32).await;
                attempt += 1;
            }
            None => return result.map_err(net),
        }
    }
}

fn with_token(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(t) => builder.header("authorization", &format!("Bearer {t}")),
        None => builder,
    }
}

/// Sends one request to an endpoint of the route table: its method comes from the table, and
/// `target` is built from the same table ([`shared::routes::target`]), so no path is spelled
/// out here.
async fn call<B: Serialize, T: DeserializeOwned>(
    route: RouteId,
    target: &str,
    body: Option<&B>,
    token: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<T, ClientError> {
    let body = body.map(serde_json::to_string).transpose().map_err(net)?;
    let text = exchange(route, target, body, token, idempotency_key).await?;
    serde_json::from_str(&text).map_err(net)
}

/// [`call`] without its types: builds and sends the request (again where [`run`] says so)
/// and reads the answer's text (`super::answer_text`). One copy of this for every endpoint:
/// inside the generic `call` it was one per body and answer type.
async fn exchange(
    route: RouteId,
    target: &str,
    body: Option<String>,
    token: Option<&str>,
    idempotency_key: Option<&str>,
) -> Result<String, ClientError> {
    let method = routes::endpoint(route).method;
    let make = || {
        let builder = match method {
            Method::Get => Request::get(target),
            Method::Post => Request::post(target),
            Method::Put => Request::put(target),
            Method::Delete => Request::delete(target),
            Method::Patch => Request::patch(target),
        };
        let builder = with_token(builder, token);
        let builder = match idempotency_key {
            Some(k) => builder.header("idempotency-key", k),
            None => builder,
        };
        match &body {
            Some(b) => builder.header("Content-Type", "application/json").body(b.as_str()).map_err(net),
            None => builder.build().map_err(net),
        }
    };
    answer_text(run(method.as_str(), idempotency_key.is_some(), make).await?).await
}

/// A read: path parameters in template order, then the query pairs (empty ones are left out).
pub(super) async fn get<T: DeserializeOwned>(
    route: RouteId,
    params: &[&str],
    query: &[(&str, Option<&str>)],
    token: Option<&str>,
) -> Result<T, ClientError> {
    call::<(), T>(route, &routes::target(route, params, query), None, token, None).await
}

/// A write without an idempotency key.
pub(super) async fn send<B: Serialize, T: DeserializeOwned>(
    route: RouteId,
    params: &[&str],
    body: Option<&B>,
    token: Option<&str>,
) -> Result<T, ClientError> {
    call(route, &routes::path(route, params), body, token, None).await
}

/// A write with its idempotency key (sent again with the same key where that is safe).
pub(super) async fn send_keyed<B: Serialize, T: DeserializeOwned>(
    route: RouteId,
    params: &[&str],
    body: Option<&B>,
    token: Option<&str>,
    key: &str,
) -> Result<T, ClientError> {
    call(route, &routes::path(route, params), body, token, Some(key)).await
}
