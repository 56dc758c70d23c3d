//! Calls to Durable Objects: the client side of the protocol in `shared::protocol`. Each module
//! names one object's instances and sends it commands; a command's type names its reply, so
//! what is sent and what is read always agree. Flows, routes and objects all call through
//! here; nothing here knows how an object answers (the objects module does).

pub mod campaign;
pub mod envelope;
pub mod member;
pub mod sale;
pub mod stock;

use crate::ctx::Ctx;
use crate::http::Failure;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::ApiError;
use worker::{Headers, Method, Request, RequestInit, wasm_bindgen::JsValue};

/// Sends `command` to the object `name` of namespace `binding` and reads its answer.
pub async fn call<C: Serialize, R: DeserializeOwned>(
    ctx: &Ctx,
    binding: &str,
    name: &str,
    command: &C,
) -> Result<R, Failure> {
    let answer = call_text(ctx, binding, name, serde_json::to_string(command)?).await?;
    Ok(serde_json::from_str(&answer)?)
}

/// [`call`] without its types: the request, the refusal and the sold-out note are one copy of
/// code for every command (a generic `call` carried its own ~3 KB of this per reply type).
async fn call_text(ctx: &Ctx, binding: &str, name: &str, body: String) -> Result<String, Failure> {
    let stub = ctx.env.durable_object(binding)?.id_from_name(name)?.get_stub()?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(JsValue::from_str(&body)));
    let req = Request::new_with_init("https://object.internal/", &init)?;
    let mut resp = stub.fetch_with_request(req).await?;
    let status = resp.status_code();
    // A sale bucket's sold-out refusal says until when it stays so (`crate::hot`).
    if status != 200
        && let Ok(Some(until)) = resp.headers().get(crate::hot::SOLD_OUT_HEADER)
        && let Ok(ms) = until.parse::<i64>()
    {
        crate::hot::note_sold_out(name, ms, ctx.now);
    }
    let text = resp.text().await?;
    if status == 200 {
        return Ok(text);
    }
    match serde_json::from_str::<ApiError>(&text) {
        Ok(e) => Err(Failure::Api(e)),
        Err(_) => Err(Failure::Internal(format!("{binding}/{name} answered {status}: {text}"))),
    }
}
