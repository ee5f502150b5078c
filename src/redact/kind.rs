//! What `redact` recognises: the kinds of secrets and personal data, their
//! names in reports, and per-kind counters.

use std::fmt;
use std::str::FromStr;

/// A kind of sensitive value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `password=`, `passwd:`, `"pwd":` values.
    Password,
    /// `secret=`, `client_secret=` values.
    Secret,
    /// `token=`, `access_token=`, `X-Auth-Token:` values.
    Token,
    /// `api_key=`, `apikey=`, `X-Api-Key:` values.
    ApiKey,
    /// `access_key=` values (not AWS secret keys, see below).
    AccessKey,
    /// `aws_secret_access_key=`, `SecretAccessKey` values.
    AwsSecretKey,
    /// AWS access key ids (`AKIA…`, `ASIA…`).
    AwsAccessKeyId,
    /// `Authorization:` header credentials (Bearer, Basic, …) and bare
    /// `Bearer <token>`.
    Authorization,
    /// JSON Web Tokens (`eyJ….eyJ….sig`).
    Jwt,
    /// `-----BEGIN … PRIVATE KEY-----` blocks.
    PrivateKey,
    /// `https://user:password@host` userinfo passwords.
    UrlCredentials,
    /// Passwords in database/broker URLs (`postgres://u:p@db/x`).
    ConnectionString,
    /// E-mail addresses.
    Email,
    /// Credit-card numbers that pass the Luhn check and a brand prefix.
    Card,
    /// IPv4 and IPv6 addresses (only with `--ip` or `--pseudonymize ip`).
    Ip,
    /// User names in sshd/PAM/sudo lines and `user=` fields (only with
    /// `--users` or `--pseudonymize user`).
    User,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 16] = [
        Kind::Password,
        Kind::Secret,
        Kind::Token,
        Kind::ApiKey,
        Kind::AccessKey,
        Kind::AwsSecretKey,
        Kind::AwsAccessKeyId,
        Kind::Authorization,
        Kind::Jwt,
        Kind::PrivateKey,
        Kind::UrlCredentials,
        Kind::ConnectionString,
        Kind::Email,
        Kind::Card,
        Kind::Ip,
        Kind::User,
    ];

    /// The name used in markers (`[REDACTED:password]`), reports and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Password => "password",
            Kind::Secret => "secret",
            Kind::Token => "token",
            Kind::ApiKey => "api_key",
            Kind::AccessKey => "access_key",
            Kind::AwsSecretKey => "aws_secret_key",
            Kind::AwsAccessKeyId => "aws_access_key_id",
            Kind::Authorization => "authorization",
            Kind::Jwt => "jwt",
            Kind::PrivateKey => "private_key",
            Kind::UrlCredentials => "url_credentials",
            Kind::ConnectionString => "connection_string",
            Kind::Email => "email",
            Kind::Card => "card",
            Kind::Ip => "ip",
            Kind::User => "user",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        let s = s.trim().to_ascii_lowercase();
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown kind '{s}' (known: {})", names.join(", "))
        })
    }
}

/// How many values of each kind were redacted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([u64; Kind::ALL.len()]);

impl Counts {
    /// Counts one more `kind`.
    pub fn add(&mut self, kind: Kind) {
        self.0[kind.index()] += 1;
    }

    /// The count of `kind`.
    pub fn get(&self, kind: Kind) -> u64 {
        self.0[kind.index()]
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &Counts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// All redactions.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The kinds with a non-zero count, in report order.
    pub fn nonzero(&self) -> impl Iterator<Item = (Kind, u64)> + '_ {
        Kind::ALL.into_iter().map(|k| (k, self.get(k))).filter(|(_, n)| *n > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_in_order() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        assert!("IP".parse::<Kind>().is_ok());
        assert!("ssn".parse::<Kind>().unwrap_err().contains("known: password"));
        let mut c = Counts::default();
        c.add(Kind::Email);
        c.add(Kind::Email);
        c.add(Kind::Jwt);
        assert_eq!((c.total(), c.nonzero().collect::<Vec<_>>()), (3, vec![(Kind::Jwt, 1), (Kind::Email, 2)]));
    }
}
