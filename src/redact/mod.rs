//! Redaction: finding secrets and personal data in raw log bytes and
//! writing a copy with them replaced (`[REDACTED:password]`) or
//! pseudonymised (`ip-3f9a…`, a keyed HMAC, the same in every file).
//!
//! One regex holds every enabled detector as a named alternative; it runs
//! over a whole chunk (its lazy DFA skips the vast majority of bytes, which
//! hold nothing), and each hit is then checked ([`validate`]: Luhn for
//! cards, octets for IPs, look-alike key names) before it is replaced. Line
//! structure is kept exactly: every newline of the input is in the output,
//! so line numbers in a redacted copy point at the same records.
//!
//! Private-key blocks span lines and may span chunks: [`Redactor::redact`]
//! reports a block left open at the end of a chunk and
//! [`close_open_block`] finishes it at the start of the next.

pub mod copy;
pub mod detect;
pub mod kind;
pub mod pseudo;
pub mod target;
pub mod validate;

use std::borrow::Cow;

pub use kind::{Counts, Kind};
pub use pseudo::Pseudonymizer;

use detect::{Detectors, Rule};

/// What to look for and how to replace it.
#[derive(Debug, Clone, Default)]
pub struct RedactOptions {
    /// Also redact IP addresses (`--ip`).
    pub ip: bool,
    /// Also redact user names (`--users`).
    pub users: bool,
    /// Kinds to leave alone (`--keep email`).
    pub keep: Vec<Kind>,
    /// Kinds replaced by stable pseudonyms instead of a marker.
    pub pseudonymize: Option<Pseudonymizer>,
}

/// The compiled detectors.
#[derive(Debug)]
pub struct Redactor {
    detectors: Detectors,
    private_keys: bool,
    opts: RedactOptions,
}

const BEGIN_MARK: &[u8] = b"-----BEGIN ";
const END_MARK: &[u8] = b"-----END ";

impl Redactor {
    /// Compiles the detectors that `opts` enables.
    pub fn new(opts: RedactOptions) -> Redactor {
        let pseudo = |k: Kind| opts.pseudonymize.as_ref().is_some_and(|p| p.covers(k));
        let keep = |k: Kind| opts.keep.contains(&k);
        let wants_ip = (opts.ip || pseudo(Kind::Ip)) && !keep(Kind::Ip);
        let wants_user = (opts.users || pseudo(Kind::User)) && !keep(Kind::User);
        let enabled = |rule: Rule| match rule {
            Rule::UrlPassword => !(keep(Kind::UrlCredentials) && keep(Kind::ConnectionString)),
            Rule::Authorization => !keep(Kind::Authorization),
            Rule::KeyValue => true,
            Rule::Jwt => !keep(Kind::Jwt),
            Rule::AwsKeyId => !keep(Kind::AwsAccessKeyId),
            Rule::Email => !keep(Kind::Email),
            Rule::Ip4 | Rule::Ip6 => wants_ip,
            Rule::User => wants_user,
        };
        let detectors = Detectors::new(enabled, !keep(Kind::Card));
        Redactor { detectors, private_keys: !keep(Kind::PrivateKey), opts }
    }

    /// Appends `hay` to `out` with every finding replaced, counting them.
    /// Returns true when a private-key block is still open at the end
    /// (the next chunk of the source starts inside it).
    pub fn redact(&self, hay: &[u8], out: &mut Vec<u8>, counts: &mut Counts) -> bool {
        out.reserve(hay.len());
        // Private-key blocks first: nothing inside them is looked at again.
        let (blocks, open) = if self.private_keys { key_blocks(hay) } else { (Vec::new(), false) };
        let mut found = Vec::new();
        self.detectors.find(hay, &mut found);
        found.retain(|f| !blocks.iter().any(|&(s, e)| f.start < e && f.end > s));
        found.sort_unstable();
        let mut copied = 0usize;
        let mut bi = 0;
        let mut emit_blocks_before =
            |upto: usize, out: &mut Vec<u8>, copied: &mut usize, counts: &mut Counts| {
                while bi < blocks.len() && blocks[bi].0 <= upto {
                    let (s, e) = blocks[bi];
                    out.extend_from_slice(&hay[*copied..s]);
                    mask_block(&hay[s..e], out);
                    counts.add(Kind::PrivateKey);
                    *copied = e;
                    bi += 1;
                }
            };
        for f in found {
            emit_blocks_before(f.start, out, &mut copied, counts);
            if f.start < copied || f.start >= f.end || self.opts.keep.contains(&f.kind) {
                continue;
            }
            out.extend_from_slice(&hay[copied..f.start]);
            out.extend_from_slice(&self.replacement(f.kind, &hay[f.start..f.end]));
            counts.add(f.kind);
            copied = f.end;
        }
        emit_blocks_before(usize::MAX, out, &mut copied, counts);
        out.extend_from_slice(&hay[copied..]);
        open
    }

    /// The marker or pseudonym that replaces a value.
    fn replacement(&self, kind: Kind, value: &[u8]) -> Cow<'static, [u8]> {
        match &self.opts.pseudonymize {
            Some(p) if p.covers(kind) => Cow::Owned(p.token(kind, value).into_bytes()),
            // An address stays shaped like a host name, so a redacted
            // access log still parses as one.
            _ if kind == Kind::Ip => Cow::Borrowed(b"ip-REDACTED"),
            _ => Cow::Owned(format!("[REDACTED:{kind}]").into_bytes()),
        }
    }
}

/// The bodies of the private-key blocks in `hay` (between the BEGIN and
/// END marker lines), and whether the last one is still open at the end.
fn key_blocks(hay: &[u8]) -> (Vec<(usize, usize)>, bool) {
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&hay[at..], BEGIN_MARK) {
        let label_start = at + i + BEGIN_MARK.len();
        let line_end = memchr::memchr(b'\n', &hay[label_start..]).map_or(hay.len(), |j| label_start + j);
        let close = memchr::memmem::find(&hay[label_start..line_end], b"-----").map(|j| label_start + j);
        let Some(close) = close else {
            at = label_start;
            continue;
        };
        let label = &hay[label_start..close];
        let is_key = (label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK"))
            && label.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b' ');
        let body = close + 5;
        if !is_key {
            at = body;
            continue;
        }
        match find_end_mark(hay, body) {
            Some(end) => {
                blocks.push((body, end));
                at = end + END_MARK.len();
            }
            None => {
                blocks.push((body, hay.len()));
                return (blocks, true);
            }
        }
    }
    (blocks, false)
}

/// The start of the `-----END … PRIVATE KEY-----` marker after `from`.
fn find_end_mark(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&hay[at..], END_MARK) {
        let start = at + i;
        let line_end = memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |j| start + j);
        if memchr::memmem::find(&hay[start..line_end], b"PRIVATE KEY").is_some() {
            return Some(start);
        }
        at = start + END_MARK.len();
    }
    None
}

/// Replaces a private key's body, keeping its line breaks (so line
/// numbers do not move): each non-empty line becomes one marker; a body
/// on one line (a key inside a JSON string, `\n`-escaped) becomes one.
fn mask_block(body: &[u8], out: &mut Vec<u8>) {
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        let cr = line.ends_with(b"\r");
        let content = if cr { &line[..line.len() - 1] } else { line };
        if !content.is_empty() {
            // Keep what separates the marker from the BEGIN/END text on
            // a single line (`\n` escapes, spaces).
            let lead = if content.starts_with(b"\\n") { &b"\\n"[..] } else { b"" };
            let trail = if content.ends_with(b"\\n") && content.len() > 2 { &b"\\n"[..] } else { b"" };
            out.extend_from_slice(lead);
            out.extend_from_slice(b"[REDACTED:private_key]");
            out.extend_from_slice(trail);
        }
        if cr {
            out.push(b'\r');
        }
    }
}

/// Finishes a private-key block that began in an earlier chunk: masks
/// `data` up to its END marker (all of it when there is none) and returns
/// the result with whether the block is still open.
pub fn close_open_block(data: &[u8]) -> (Vec<u8>, bool) {
    let end = find_end_mark(data, 0);
    let mut out = Vec::with_capacity(data.len());
    mask_block(&data[..end.unwrap_or(data.len())], &mut out);
    if let Some(e) = end {
        out.extend_from_slice(&data[e..]);
    }
    (out, end.is_none())
}

#[cfg(test)]
mod tests;
