//! `--pseudonymize`: replace values by a stable keyed hash so that the
//! same IP (user, e-mail) becomes the same token in every file and every
//! run with the same key, and correlation across a redacted bundle
//! survives — without the token revealing the value.
//!
//! The token is HMAC-SHA256(key, kind ‖ 0 ‖ canonical value), cut to 48
//! bits of hex. A key is required (`--key-file`): an unkeyed hash of an
//! IPv4 address is reversed by hashing all 2^32 addresses, and a built-in
//! key would be known to everyone.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::kind::Kind;

/// Makes pseudonyms for some kinds with one secret key.
#[derive(Clone)]
pub struct Pseudonymizer {
    key: Vec<u8>,
    kinds: Vec<Kind>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("Pseudonymizer").field("kinds", &self.kinds).finish_non_exhaustive()
    }
}

/// Shortest key accepted, in bytes.
pub const MIN_KEY: usize = 16;

impl Pseudonymizer {
    /// A pseudonymizer for `kinds` with `key` (the key file's bytes; a
    /// trailing newline is not part of the key).
    pub fn new(key: &[u8], kinds: Vec<Kind>) -> Result<Pseudonymizer, String> {
        let key = key.strip_suffix(b"\n").unwrap_or(key);
        let key = key.strip_suffix(b"\r").unwrap_or(key);
        if key.len() < MIN_KEY {
            return Err(format!(
                "the key is {} bytes; use at least {MIN_KEY} random bytes (e.g. `head -c 32 /dev/urandom | base64 > key`)",
                key.len()
            ));
        }
        Ok(Pseudonymizer { key: key.to_vec(), kinds })
    }

    /// Whether `kind` is pseudonymised (rather than masked).
    pub fn covers(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The token for a value: `ip-1a2b3c4d5e6f`, `user-…`, `email-…`.
    pub fn token(&self, kind: Kind, value: &[u8]) -> String {
        let canon = canonical(kind, value);
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(kind.as_str().as_bytes());
        mac.update(&[0]);
        mac.update(&canon);
        let digest = mac.finalize().into_bytes();
        let mut out = String::with_capacity(kind.as_str().len() + 13);
        out.push_str(kind.as_str());
        out.push('-');
        for b in &digest[..6] {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// One spelling per value: e-mail addresses are case-insensitive in
/// practice, IPv6 addresses have many spellings (`2001:DB8::7`,
/// `2001:db8:0::7`).
fn canonical(kind: Kind, value: &[u8]) -> Vec<u8> {
    match kind {
        Kind::Email => value.to_ascii_lowercase(),
        Kind::Ip => std::str::from_utf8(value)
            .ok()
            .and_then(|s| s.parse::<std::net::IpAddr>().ok())
            .map(|ip| ip.to_string().into_bytes())
            .unwrap_or_else(|| value.to_vec()),
        _ => value.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_keyed_and_canonical() {
        let p = Pseudonymizer::new(b"0123456789abcdef0123\n", vec![Kind::Ip, Kind::Email]).unwrap();
        let q = Pseudonymizer::new(b"another key, also long", vec![Kind::Ip]).unwrap();
        let t = p.token(Kind::Ip, b"203.0.113.77");
        assert!(t.starts_with("ip-") && t.len() == 15, "{t}");
        assert_eq!(t, p.token(Kind::Ip, b"203.0.113.77"));
        assert_ne!(t, p.token(Kind::Ip, b"203.0.113.78"));
        assert_ne!(t, q.token(Kind::Ip, b"203.0.113.77"), "the key matters");
        assert_eq!(p.token(Kind::Ip, b"2001:DB8:0::7"), p.token(Kind::Ip, b"2001:db8::7"));
        assert_eq!(p.token(Kind::Email, b"Bob@Example.com"), p.token(Kind::Email, b"bob@example.com"));
        assert!(p.covers(Kind::Ip) && !p.covers(Kind::User));
        assert!(Pseudonymizer::new(b"short\n", vec![]).unwrap_err().contains("at least 16"));
        assert!(!format!("{p:?}").contains("0123456789"));
    }
}
