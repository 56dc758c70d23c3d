//! Request targets from the route table: the app (and the tests) fill an endpoint's template
//! with its parameters instead of spelling paths out, so a path changed in the table changes
//! everywhere at once.

use super::{Endpoint, RouteId, endpoint};

impl Endpoint {
    /// A concrete path: the template with `params` in place of its `{name}`s, in order, each
    /// percent-encoded as one path segment (a missing one is left empty, which matches nothing).
    pub fn path_with(&self, params: &[&str]) -> String {
        let mut given = params.iter();
        let segments = self.path.split('/').map(|s| match s.starts_with('{') {
            true => given.next().map(|p| encode_segment(p)).unwrap_or_default(),
            false => s.to_owned(),
        });
        segments.collect::<Vec<_>>().join("/")
    }
}

/// The concrete path of an endpoint (see [`Endpoint::path_with`]).
pub fn path(id: RouteId, params: &[&str]) -> String {
    endpoint(id).path_with(params)
}

/// A request target: the endpoint's concrete path, then the query pairs that have a non-blank
/// value (trimmed and percent-encoded), in the order given.
pub fn target(id: RouteId, params: &[&str], query: &[(&str, Option<&str>)]) -> String {
    let mut out = path(id, params);
    let mut sep = '?';
    for (name, value) in query {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            out.push(sep);
            out.push_str(&encode_segment(name));
            out.push('=');
            out.push_str(&encode_segment(v));
            sep = '&';
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{ENDPOINTS, resolve};

    #[test]
    fn filled_paths_resolve_back_to_their_endpoint_and_parameters() {
        for e in ENDPOINTS {
            let count = e.path.matches('{').count();
            let params: Vec<String> = (0..count).map(|i| format!("P{i}")).collect();
            let params: Vec<&str> = params.iter().map(String::as_str).collect();
            let filled = e.path_with(&params);
            let m = resolve(e.method.as_str(), &filled).unwrap_or_else(|_| panic!("{filled}"));
            assert_eq!((m.id, m.params), (e.id, params), "{}", e.path);
        }
        assert_eq!(path(RouteId::Store, &["S 1/x"]), "/api/stores/S%201%2Fx", "one segment, whatever it holds");
        assert_eq!(path(RouteId::Stores, &[]), "/api/stores");
        let route = target(RouteId::StoreRoute, &["S1"], &[("from", None), ("to", Some(" C 1&x ")), ("q", Some(" "))]);
        assert_eq!(route, "/api/stores/S1/route?to=C%201%26x");
        assert_eq!(target(RouteId::Products, &[], &[("q", Some("口红"))]), "/api/products?q=%E5%8F%A3%E7%BA%A2");
    }
}
