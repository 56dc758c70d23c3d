//! Sending a request, and sending it again where that cannot do anything twice
//! (`shared::retry`): the transport under the typed client.

use super::{ClientError, net};
use gloo_net::http::{Request, Response};
use shared::retry::{self, Outcome};

/// Sends what `make` builds, and builds and sends it again where `shared::retry` says so: a GET
/// or a keyed write (with the same key) on a dropped connection, 503, 502/504 or 429.
pub(super) async fn run(
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
        match retry::DEFAULT.next_wait_ms(method, keyed, attempt, outcome) {
            Some(ms) => {
                gloo_timers::future::TimeoutFuture::new(ms.min(u64::from(u32::MAX)) as u32).await;
                attempt += 1;
            }
            None => return result.map_err(net),
        }
    }
}
