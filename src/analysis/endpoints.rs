//! Endpoint templating: `/users/123/orders/9?x=1` -> `/users/{id}/orders/{id}`,
//! so per-endpoint request counts, error rates and latencies group the
//! requests of one route instead of one row per order id.
//!
//! The query string and fragment are dropped. A path segment becomes
//! `{id}` when it is an identifier rather than a route word: all digits
//! (`123`, `-5`), a UUID, hex of 8+ characters with a digit (`5f2b6d7a10`,
//! `0x1f2e3d4c`), or a long token mixing letters and digits (16+, an API
//! key or hash). Words with a digit that routes use (`v2`, `api2`, `ipv6`,
//! `app.3f2a9c.js`) stay as written. Percent-escapes are kept.

use std::borrow::Cow;

/// The placeholder for an identifier segment.
pub const ID: &str = "{id}";

/// Longest path kept (bytes); scanners send megabyte URLs.
const MAX_PATH: usize = 512;

/// The route template of a request path (see the module docs).
pub fn template_path(path: &str) -> Cow<'_, str> {
    let mut out = String::new();
    match template_path_into(path, &mut out) {
        Templated::Borrowed(p) => Cow::Borrowed(p),
        Templated::Written => Cow::Owned(out),
    }
}

/// Where [`template_path_into`] left the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Templated<'p> {
    /// The path (cut) is its own template.
    Borrowed(&'p str),
    /// The template was written into the buffer.
    Written,
}

/// [`template_path`] into a reused buffer (cleared first), so the hot path
/// allocates nothing per request.
pub fn template_path_into<'p>(path: &'p str, out: &mut String) -> Templated<'p> {
    out.clear();
    let end = path.find(['?', '#']).unwrap_or(path.len()).min(MAX_PATH);
    let mut end = end;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    let p = &path[..end];
    if !p.split('/').any(is_id) {
        return Templated::Borrowed(p);
    }
    for (i, seg) in p.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(if is_id(seg) { ID } else { seg });
    }
    Templated::Written
}

/// Whether a path segment is an identifier.
pub fn is_id(seg: &str) -> bool {
    let b = seg.as_bytes();
    if b.is_empty() {
        return false;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let body = b.strip_prefix(b"-").unwrap_or(b);
    if !body.is_empty() && body.iter().all(u8::is_ascii_digit) {
        return true;
    }
    if is_uuid(b) {
        return true;
    }
    let hex = b.strip_prefix(b"0x").unwrap_or(b);
    if hex.len() >= 8 && hex.iter().all(u8::is_ascii_hexdigit) {
        return true;
    }
    b.len() >= 16
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'=' | b'.'))
        && b.iter().any(u8::is_ascii_alphabetic)
        && !b.contains(&b'.')
}

fn is_uuid(b: &[u8]) -> bool {
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ids_and_keeps_route_words() {
        let cases = [
            ("/users/123/orders/9", "/users/{id}/orders/{id}"),
            ("/api/orders/556401", "/api/orders/{id}"),
            ("/api/orders", "/api/orders"),
            ("/api/v2/items/42?expand=1#top", "/api/v2/items/{id}"),
            ("/r/3f1c9a52-7b4e-4d21-9c0a-5e8f2b6d7a10/status", "/r/{id}/status"),
            ("/blobs/5e8f2b6d7a10", "/blobs/{id}"),
            ("/x/0x1f2e3d4c", "/x/{id}"),
            ("/static/js/app.3f2a9c.js", "/static/js/app.3f2a9c.js"),
            ("/k/AbCdEf0123456789xyz", "/k/{id}"),
            ("/ipv6/api2", "/ipv6/api2"),
            ("/deadbeef", "/deadbeef"),
            ("/t/-5", "/t/{id}"),
            ("/", "/"),
            ("", ""),
            ("/search?q=%1b%5b2J", "/search"),
            ("/%1b[31mred%1b[0m", "/%1b[31mred%1b[0m"),
            ("*", "*"),
        ];
        for (path, want) in cases {
            assert_eq!(template_path(path), want, "{path}");
        }
    }

    #[test]
    fn long_paths_are_cut_at_a_char_boundary() {
        let p = format!("/{}", "é".repeat(600));
        assert!(template_path(&p).len() <= MAX_PATH);
    }
}
