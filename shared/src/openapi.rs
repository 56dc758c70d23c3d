//! `GET /api/openapi.json`, generated from [`crate::routes::ENDPOINTS`] so it lists exactly the
//! endpoints that exist.

use crate::routes::{Access, ENDPOINTS, Endpoint};
use serde_json::{Map, Value, json};

#[cfg(test)]
mod dto_drift;
mod guide_schemas;
mod manage_schemas;
mod message_schemas;
mod ops_schemas;
mod order_schemas;
mod points_schemas;
mod promo_schemas;
mod scan_go_schemas;
mod schemas;
use guide_schemas::GUIDE_SCHEMAS;
use manage_schemas::MANAGE_SCHEMAS;
use message_schemas::MESSAGE_SCHEMAS;
use ops_schemas::OPS_SCHEMAS;
use order_schemas::ORDER_SCHEMAS;
use points_schemas::POINTS_SCHEMAS;
use promo_schemas::PROMO_SCHEMAS;
use scan_go_schemas::SCAN_GO_SCHEMAS;
use schemas::SCHEMAS;

/// A schema: its name and its `(field, type)` list.
type Schema = (&'static str, &'static [(&'static str, &'static str)]);

/// Every schema the document describes.
fn all_schemas() -> impl Iterator<Item = &'static Schema> {
    SCHEMAS
        .iter()
        .chain(ORDER_SCHEMAS)
        .chain(GUIDE_SCHEMAS)
        .chain(SCAN_GO_SCHEMAS)
        .chain(OPS_SCHEMAS)
        .chain(MANAGE_SCHEMAS)
        .chain(POINTS_SCHEMAS)
        .chain(MESSAGE_SCHEMAS)
        .chain(PROMO_SCHEMAS)
}

fn type_schema(ty: &str) -> Value {
    let (ty, nullable) = match ty.strip_suffix('?') {
        Some(t) => (t, true),
        None => (ty, false),
    };
    let mut schema = if let Some(inner) = ty.strip_suffix("[]") {
        json!({"type": "array", "items": type_schema(inner)})
    } else {
        match ty {
            "string" | "integer" | "number" | "boolean" | "object" => json!({"type": ty}),
            "date-time" => json!({"type": "string", "format": "date-time"}),
            name => json!({"$ref": format!("#/components/schemas/{name}")}),
        }
    };
    if nullable {
        schema["nullable"] = json!(true);
    }
    schema
}

fn operation(e: &Endpoint) -> Value {
    let mut params: Vec<Value> = e
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    params.extend(
        e.query
            .iter()
            .map(|name| json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}})),
    );
    let mut responses = Map::new();
    responses.insert(
        e.ok.to_string(),
        json!({"description": "success", "content": {"application/json": {"schema": type_schema(e.response)}}}),
    );
    let mut codes: Vec<_> = e.errors.to_vec();
    if e.body.is_some() {
        codes.push(crate::ErrorCode::BadRequest);
    }
    for code in codes {
        let entry = responses.entry(code.status().to_string()).or_insert_with(
            || json!({"description": "", "content": {"application/json": {"schema": type_schema("Error")}}}),
        );
        let text = entry["description"].as_str().unwrap_or_default().to_owned();
        entry["description"] =
            json!(if text.is_empty() { code.as_str().to_owned() } else { format!("{text}, {}", code.as_str()) });
    }
    let mut op = json!({
        "summary": e.summary,
        "operationId": format!("{:?}", e.id),
        "parameters": params,
        "responses": responses,
    });
    match e.access {
        Access::Public => {}
        Access::Member | Access::Session | Access::Staff | Access::Manager | Access::Admin => {
            op["security"] = json!([{"bearer": []}]);
            op["x-edgemall-access"] = json!(e.access.as_str());
        }
        Access::Dev => op["x-edgemall-access"] = json!(e.access.as_str()),
    }
    if let Some(body) = e.body {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": type_schema(body)}}});
    }
    op
}

/// The whole OpenAPI 3.0 document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let item = paths.entry(e.path.to_owned()).or_insert_with(|| json!({}));
        item[e.method.as_str().to_lowercase()] = operation(e);
    }
    // Built by insertion: `collect` would sort the pairs first (see `crate::sorting`).
    let schemas: Map<String, Value> = crate::sorting::collect(all_schemas().map(|(name, fields)| {
        let props: Map<String, Value> =
            crate::sorting::collect(fields.iter().map(|(f, t)| ((*f).to_owned(), type_schema(t))));
        let required: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
        ((*name).to_owned(), json!({"type": "object", "properties": props, "required": required}))
    }));
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "edgemall API",
            "version": "1",
            "description": "Money is integer fen; times are RFC 3339 UTC; errors are {\"error\":{\"code\",\"message\"}}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_documented_with_its_method() {
        let doc = document();
        for e in ENDPOINTS {
            let op = &doc["paths"][e.path][e.method.as_str().to_lowercase()];
            assert!(op.is_object(), "{} {} missing", e.method.as_str(), e.path);
            assert!(op["responses"][e.ok.to_string()].is_object());
        }
    }

    #[test]
    fn every_named_schema_is_defined() {
        let doc = document();
        let text = doc.to_string();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(doc["components"]["schemas"][&name].is_object(), "schema {name} is not defined");
        }
    }
}
