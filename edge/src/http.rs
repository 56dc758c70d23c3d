//! HTTP in and out: reading JSON bodies and query strings into domain input, and turning
//! outcomes into responses. Every error leaves here as `{"error":{"code","message"}}`.

use futures_util::StreamExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::{ApiError, ErrorCode};
use worker::{Headers, Request, Response, ResponseBuilder};

/// The largest request body accepted (the seed is the largest legitimate one).
pub const MAX_BODY_BYTES: usize = 512 * 1024;

/// The largest payment notification accepted: a gateway's notice is well under a kilobyte.
pub const MAX_NOTIFY_BYTES: usize = 16 * 1024;

/// What a handler returns: a response, or an error that becomes one.
pub type Reply = Result<Response, Failure>;

/// Why a handler did not produce its response.
#[derive(Debug)]
pub enum Failure {
    /// The client's request was refused; sent as is.
    Api(ApiError),
    /// Something on our side failed (storage, an object); logged, sent as 503.
    Internal(String),
    /// 429: the caller must wait this many seconds (sent as `Retry-After`).
    Limited(String, u64),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

impl From<worker::Error> for Failure {
    fn from(e: worker::Error) -> Self {
        Failure::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Internal(format!("json: {e}"))
    }
}

/// A JSON response with a status.
pub fn json<T: Serialize>(status: u16, body: &T) -> Reply {
    json_text(status, serde_json::to_string(body)?)
}

/// A response of JSON text already made (a kept answer, `crate::hot`).
pub fn json_text(status: u16, text: String) -> Reply {
    Ok(with_json_headers(Response::ok(text)?.with_status(status)))
}

fn with_json_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    set_header(h, "content-type", "application/json; charset=utf-8");
    set_header(h, "cache-control", "no-store");
    // A JSON answer is never a page: no sniffing it into HTML, no framing, no referrer.
    set_header(h, "x-content-type-options", "nosniff");
    set_header(h, "x-frame-options", "DENY");
    set_header(h, "referrer-policy", "no-referrer");
    resp
}

/// Sets a header on a response being built. Our names and values are valid header text, so
/// this does not fail; if the runtime ever refuses one, the answer still goes out (an error
/// response must never fail itself) and the refusal is logged rather than dropped.
pub fn set_header(headers: &mut Headers, name: &str, value: &str) {
    if let Err(e) = headers.set(name, value) {
        worker::console_error!("setting the {name} header: {e}");
    }
}

/// The response for a failure. Never fails itself.
pub fn failure_response(failure: Failure) -> Response {
    let error = match failure {
        Failure::Api(e) => e,
        Failure::Limited(message, seconds) => {
            let mut resp = error_response(&ApiError::new(ErrorCode::RateLimited, message));
            set_header(resp.headers_mut(), "retry-after", &seconds.to_string());
            return resp;
        }
        Failure::Internal(detail) => {
            worker::console_error!("internal failure: {detail}");
            ApiError::new(ErrorCode::Unavailable, "the service could not complete this request; try again")
        }
    };
    error_response(&error)
}

/// The response for an API error.
pub fn error_response(error: &ApiError) -> Response {
    let body = serde_json::to_string(error)
        .unwrap_or_else(|_| r#"{"error":{"code":"INTERNAL","message":"error"}}"#.to_owned());
    with_json_headers(ResponseBuilder::new().with_status(error.status()).fixed(body.into_bytes()))
}

/// Reads the body, at most `limit` bytes: a `Content-Length` over the limit is refused with 413
/// before anything is read, and a body without one is cut off (413) as soon as it passes it.
pub async fn read_body(req: &mut Request, limit: usize) -> Result<Vec<u8>, Failure> {
    let too_large = || Failure::from(ApiError::new(ErrorCode::TooLarge, format!("the body is over {limit} bytes")));
    if let Some(length) = header(req.headers(), "content-length") {
        let length: u64 =
            length.trim().parse().map_err(|_| ApiError::bad_request("Content-Length must be a number of bytes"))?;
        if length > limit as u64 {
            return Err(too_large());
        }
    }
    let mut stream = match req.stream() {
        Ok(stream) => stream,
        Err(worker::Error::BodyUsed) => return Err(ApiError::bad_request("the request body was already read").into()),
        // No body at all.
        Err(_) => return Ok(Vec::new()),
    };
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::bad_request("the request body could not be read"))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads a JSON body into `T`: 413 when too large, 400 when not JSON or of the wrong shape.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request) -> Result<T, Failure> {
    let bytes = read_body(req, MAX_BODY_BYTES).await?;
    if bytes.is_empty() {
        return Err(ApiError::bad_request("a JSON body is required").into());
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("malformed JSON body: {e}")).into())
}

/// The decoded query string pairs of a request.
pub fn query_pairs(req: &Request) -> Result<Vec<(String, String)>, Failure> {
    let url = req.url().map_err(|_| ApiError::bad_request("the URL could not be read"))?;
    Ok(url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// An empty 204.
pub fn no_content() -> Reply {
    Ok(Response::empty()?.with_status(204))
}

/// 422 naming the field: `"phone: must be …"`.
pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Failure {
    ApiError::invalid(format!("{field}: {problem}")).into()
}

/// A header's value, if present and readable.
pub fn header(headers: &Headers, name: &str) -> Option<String> {
    headers.get(name).ok().flatten()
}
