//! `EnvelopeObject`: the Durable Object of one red envelope (named by its id, `E-<order>`). It
//! keeps the envelope the core split and hands out its shares one opening at a time, so the
//! shares add up to exactly the total under any concurrency and no member opens it twice.

use super::{answer, create_tables, decode, encode};
use serde::Deserialize;
use shared::ApiError;
use shared::protocol::envelope::EnvelopeCommand;
use shared::red_envelope::RedEnvelope;
use worker::{Env, Request, Response, Result, State, durable_object};

#[durable_object]
pub struct EnvelopeObject {
    state: State,
    /// Whether the tables were created (the error otherwise, refused on every command).
    tables: std::result::Result<(), String>,
}

#[derive(Deserialize)]
struct TextRow {
    v: String,
}

impl EnvelopeObject {
    fn load(&self) -> Result<Option<RedEnvelope>> {
        let rows: Vec<TextRow> =
            self.state.storage().sql().exec("SELECT v FROM kv WHERE k = 'envelope'", None)?.to_array()?;
        rows.first().map(|r| decode(&r.v)).transpose()
    }

    fn save(&self, envelope: &RedEnvelope) -> Result<()> {
        let text = encode(envelope)?;
        self.state
            .storage()
            .sql()
            .exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('envelope', ?)", vec![text.into()])?;
        Ok(())
    }

    /// Runs the command through the core; no `.await` between load and save, so openings
    /// never interleave.
    fn apply(&self, command: EnvelopeCommand) -> Result<std::result::Result<serde_json::Value, ApiError>> {
        let (outcome, changed) = command.apply(self.load()?);
        if let Some(envelope) = changed {
            self.save(&envelope)?;
        }
        Ok(outcome)
    }
}

impl worker::DurableObject for EnvelopeObject {
    fn new(state: State, _env: Env) -> Self {
        let tables = create_tables(
            &state.storage().sql(),
            &["CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)"],
        );
        EnvelopeObject { state, tables }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.tables.clone().map_err(|e| worker::Error::RustError(e.to_string()))?;
        let command: EnvelopeCommand = match req.json().await {
            Ok(c) => c,
            Err(e) => return answer::<()>(Err(ApiError::bad_request(format!("envelope command: {e}")))),
        };
        answer(self.apply(command)?)
    }
}
