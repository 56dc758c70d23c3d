//! The edgemall worker: serves the built app as static assets and the JSON API under `/api`.
//!
//! Thin by design: handlers in [`api`] parse a request into domain types, call the core in
//! `shared`, persist through [`db`] (D1) or an object in [`objects`] (Durable Objects), and map
//! the outcome to HTTP in [`http`].

mod api;
mod auth;
mod ctx;
mod db;
mod http;
mod objects;
mod rand;

pub use objects::member::MemberObject;
pub use objects::stock::StockObject;

use worker::{Context, Env, Request, Response, Result, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    console_error_panic_hook::set_once();
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Ok(api::handle(req, env).await);
    }
    // `run_worker_first` only sends /api/* here, but a direct call still gets the app.
    env.assets("ASSETS")?.fetch_request(req).await
}
