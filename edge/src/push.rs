//! Web Push delivery: each message is encrypted for each of the recipient's browsers (RFC 8291)
//! and sent to its push service with a VAPID token (RFC 8292), both computed by `shared::push`;
//! this module only draws the one-use keys and speaks HTTP. A service answering 404/410 has
//! lost the browser: its subscription is forgotten.

use crate::ctx::{Ctx, var};
use crate::db::messages::{self as store, MessageRow};
use crate::http::Failure;
use shared::push::{Delivery, EphemeralKey, Subscription, TTL_SECONDS, VapidClaims, VapidKey, encrypt};
use shared::reminders::push_payload;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// Who push services may contact about our traffic (the VAPID `sub`).
const CONTACT: &str = "mailto:ops@edgemall.cn";

/// The deployment's VAPID key: the `VAPID_PRIVATE_KEY` secret; a `dev` build without one
/// derives a fixed key from `APP_SECRET`. `None`: push is not configured (the inbox still works).
pub fn vapid_key(ctx: &Ctx) -> Option<VapidKey> {
    if let Some(text) = var(&ctx.env, "VAPID_PRIVATE_KEY") {
        return VapidKey::parse(&text).inspect_err(|e| worker::console_error!("VAPID_PRIVATE_KEY: {e}")).ok();
    }
    if cfg!(feature = "dev") {
        return var(&ctx.env, "APP_SECRET").map(|s| VapidKey::derive_for_development(&s));
    }
    None
}

/// Pushes `message` to every browser of its recipient. Failures are logged: the message is
/// in the inbox whatever happens here.
pub async fn deliver(ctx: &Ctx, message: &MessageRow) {
    let Some(key) = vapid_key(ctx) else { return };
    let subscriptions = match store::subscriptions(ctx, &message.recipient).await {
        Ok(s) => s,
        Err(e) => return worker::console_error!("push subscriptions of {}: {e:?}", message.recipient),
    };
    let plaintext = push_payload(&message.id, &message.title, &message.body, &message.link);
    for row in subscriptions {
        let Ok(to) = Subscription::parse(&row.endpoint, &row.p256dh, &row.auth) else {
            // Stored only after parsing; a row that no longer parses is dropped.
            let _ = store::unsubscribe(ctx, &row.endpoint).await;
            continue;
        };
        match send(ctx, &key, &to, &plaintext).await {
            Ok(Delivery::Accepted) => {}
            Ok(Delivery::Gone) => {
                worker::console_log!("push endpoint gone, forgetting it");
                if let Err(e) = store::unsubscribe(ctx, &row.endpoint).await {
                    worker::console_error!("forget push endpoint: {e:?}");
                }
            }
            Ok(Delivery::Failed) => worker::console_error!("push to {} refused", to.audience()),
            Err(e) => worker::console_error!("push to {}: {e:?}", to.audience()),
        }
    }
}

/// One encrypted, signed POST to a push service; what its answer means.
async fn send(ctx: &Ctx, key: &VapidKey, to: &Subscription, plaintext: &[u8]) -> Result<Delivery, Failure> {
    let ephemeral = EphemeralKey::from_bytes(&crate::rand::bytes::<32>()?)
        .ok_or_else(|| Failure::Internal("drew an invalid P-256 scalar".into()))?;
    let salt = crate::rand::bytes::<16>()?;
    let body = encrypt(to, plaintext, 0, &ephemeral, &salt).map_err(|e| Failure::Internal(e.to_string()))?;
    let claims = VapidClaims::for_subscription(to, CONTACT, ctx.now).map_err(|e| Failure::Internal(e.to_string()))?;
    let headers = Headers::new();
    headers.set("content-type", "application/octet-stream")?;
    headers.set("content-encoding", "aes128gcm")?;
    headers.set("ttl", &TTL_SECONDS.to_string())?;
    headers.set("urgency", "normal")?;
    headers.set("authorization", &key.authorization(&claims))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
    let resp = Fetch::Request(Request::new_with_init(to.endpoint(), &init)?).send().await?;
    Ok(Delivery::of_status(resp.status_code()))
}
