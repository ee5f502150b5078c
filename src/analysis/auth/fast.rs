//! Hand-written parsers for the few message forms that make up nearly all
//! of a busy auth.log (`Failed password`, `Accepted`, `Invalid user`,
//! preauth disconnects, `pam_unix(...:auth): authentication failure`).
//!
//! They give exactly what the rule tables give (a test runs both on every
//! line it has) but parse from the right with plain string search instead
//! of a backtracking regex, which was most of the command's time. When a
//! line is unusual in any way they return `None` and the tables decide.

use std::borrow::Cow;

use super::{clean_ip, looks_like_host, Hit, Outcome, Weight, INVALID_USER};

/// An sshd message in one of the common forms.
pub fn sshd(m: &str) -> Option<Hit<'_>> {
    if has_newline(m) {
        return None;
    }
    if let Some(rest) = m.strip_prefix("Failed ") {
        let (method, rest) = split(rest, " ")?;
        let rest = rest.strip_prefix("for ")?;
        let soft = method == "publickey";
        let (outcome, weight) = (Outcome::Failure, if soft { Weight::Soft } else { Weight::Attempt });
        return from_ip_port(rest, true, !soft, Some(outcome), weight, method);
    }
    if let Some(rest) = m.strip_prefix("Accepted ") {
        let (method, rest) = split(rest, " ")?;
        let rest = rest.strip_prefix("for ")?;
        return from_ip_port(rest, false, false, Some(Outcome::Success), Weight::Attempt, method);
    }
    if let Some(rest) = m.strip_prefix("Invalid user ") {
        let (user, ip, port, tail) = split_from(rest)?;
        if !tail.trim_start().is_empty() || !tail.chars().all(char::is_whitespace) {
            return None;
        }
        let mut h = hit(Some(Outcome::Failure), Weight::Echo, user, ip, port, "")?;
        h.flags |= INVALID_USER;
        return Some(h);
    }
    for (prefix, preauth_note) in [("Connection closed by ", true), ("Disconnected from ", false)] {
        let Some(rest) = m.strip_prefix(prefix) else { continue };
        let (invalid, rest) = if let Some(r) = rest.strip_prefix("invalid user ") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("authenticating user ") {
            (false, r)
        } else {
            return note_ip_port(rest, preauth_note);
        };
        let body = rest.trim_end().strip_suffix(" [preauth]")?;
        if rest[body.len() + 10..].chars().any(|c| !c.is_whitespace()) {
            return None;
        }
        let (user, ip, port) = user_ip_port(body)?;
        let mut h = hit(Some(Outcome::Failure), Weight::Echo, user, ip, Some(port), "")?;
        if invalid {
            h.flags |= INVALID_USER;
        }
        return Some(h);
    }
    if let Some(rest) = m.strip_prefix("Received disconnect from ") {
        let (ip, rest) = PORT.split(rest)?;
        if ip.contains(' ') || ip.is_empty() {
            return None;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let port = digits_u16(&rest[..digits])?;
        let reason = rest[digits..].strip_prefix(':')?.trim_start();
        let code_len = reason.bytes().take_while(u8::is_ascii_digit).count();
        if code_len == 0 || !reason[code_len..].starts_with(':') {
            return None;
        }
        if reason.starts_with('3') || reason.contains("Auth fail") {
            return None;
        }
        return hit(None, Weight::Note, "", ip, Some(port), "");
    }
    None
}

/// sudo's `USER : N incorrect password attempts ; ...` and `USER : TTY=... ;
/// PWD=... ; USER=... ; COMMAND=...`.
pub fn sudo(m: &str) -> Option<Hit<'_>> {
    let t = m.trim_start();
    let (user, rest) = split(t, " : ")?;
    if user.is_empty() || user.contains(char::is_whitespace) || has_newline(m) {
        return None;
    }
    let mut h = if let Some(r) = rest.strip_prefix("TTY=") {
        // `TTY=\S* ; PWD=.* ; USER=\S+ ; (?:.* ; )?COMMAND=`
        let (tty, r) = PWD.split(r)?;
        let k = USER.find(r)?;
        let after = &r[k + 8..];
        let (target, r2) = split(after, " ; ")?;
        if tty.contains(char::is_whitespace) || target.is_empty() || target.contains(char::is_whitespace) {
            return None;
        }
        if !r2.starts_with("COMMAND=") && COMMAND.find(r2).is_none() {
            return None;
        }
        let mut h = Hit::new(Some(Outcome::Success), Weight::Attempt, "sudo");
        h.method = Cow::Borrowed("sudo");
        h
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let tail = &rest[digits..];
        if digits == 0
            || !(tail.starts_with(" incorrect password attempts ;")
                || tail.starts_with(" incorrect password attempt ;"))
        {
            return None;
        }
        let mut h = Hit::new(Some(Outcome::Failure), Weight::Attempt, "sudo");
        h.n = rest[..digits].parse::<u32>().ok()?.max(1);
        h.method = Cow::Borrowed("password");
        h
    };
    h.user = Some(Cow::Borrowed(user));
    Some(h)
}

/// su's `FAILED SU (to USER) WHO on TTY` and `(to USER) WHO on TTY`, as
/// the su table reads them (`^FAILED SU \(to (?P<user>\S+)\) \S+ on \S+`,
/// `^\(to (?P<user>\S+)\) \S+ on \S+`), for ASCII messages.
pub fn su(m: &str) -> Option<Hit<'_>> {
    let (rest, outcome) = if let Some(r) = m.strip_prefix("FAILED SU (to ") {
        (r, Outcome::Failure)
    } else if let Some(r) = m.strip_prefix("(to ") {
        (r, Outcome::Success)
    } else {
        return None;
    };
    if !rest.is_ascii() {
        return None;
    }
    let b = rest.as_bytes();
    let word_end = |from: usize| b[from..].iter().position(|&c| ascii_space(c)).map_or(b.len(), |p| from + p);
    // `\S+` runs to the next space; the user's run ends in `)`.
    let t1 = word_end(0);
    if t1 < 2 || b[t1 - 1] != b')' || b.get(t1) != Some(&b' ') {
        return None;
    }
    let t2 = word_end(t1 + 1);
    if t2 == t1 + 1 || !b[t2..].starts_with(b" on ") || b.get(t2 + 4).is_none_or(|&c| ascii_space(c)) {
        return None;
    }
    let mut h = Hit::new(Some(outcome), Weight::Attempt, "su");
    h.method = Cow::Borrowed("password");
    h.user = Some(Cow::Borrowed(trim_bytes(&rest[..t1 - 1], |c| matches!(c, b'<' | b'>' | b'\''))));
    Some(h)
}

/// An ASCII byte of regex's `\s`.
fn ascii_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | b' ')
}

/// `pam_unix(SVC:auth): authentication failure; ... rhost=IP [user=U]`, and
/// `pam_unix(SVC:auth): check pass; user unknown` (sshd logs one for every
/// attempt on a non-existent user).
pub fn pam(m: &str) -> Option<Hit<'_>> {
    let rest = m.strip_prefix("pam_unix(")?;
    let bad_svc =
        |svc: &str| svc.is_empty() || svc.contains(|c: char| c == ':' || c == ')' || c.is_whitespace());
    if let Some((svc, tail)) = CHECK_PASS.split(rest) {
        // The first PAM rule (authentication failure) would win.
        if bad_svc(svc) || !tail.chars().all(char::is_whitespace) || FAILURE.find(m).is_some() {
            return None;
        }
        let mut h = Hit::new(Some(Outcome::Failure), Weight::Echo, svc);
        h.method = Cow::Borrowed("password");
        h.flags = INVALID_USER;
        return Some(h);
    }
    let (svc, rest) = AUTH_FAILURE.split(rest)?;
    if bad_svc(svc) || has_newline(m) {
        return None;
    }
    let at = RHOSTS.iter().filter_map(|p| p.find(rest)).min()?;
    let after = &rest[at + 7..];
    let ip_end = after.find(char::is_whitespace).unwrap_or(after.len());
    let ip = &after[..ip_end];
    let tail = after[ip_end..].trim_start();
    let user = match tail.strip_prefix("user=") {
        Some(u) if after[ip_end..].starts_with(char::is_whitespace) => {
            let end = u.find(char::is_whitespace).unwrap_or(u.len());
            &u[..end]
        }
        _ => "",
    };
    let mut h = hit(Some(Outcome::Failure), Weight::Echo, user, ip, None, "password")?;
    h.service = Cow::Borrowed(svc);
    Some(h)
}

/// `h.find(pat)` by a plain byte loop: these messages are short (under
/// a hundred bytes), where a `memchr` call's set-up and a `memcmp` call per
/// candidate cost more than comparing the bytes in place (a tenth of
/// `logins`'s time went to them).
fn find(h: &str, pat: &str) -> Option<usize> {
    let (hb, pb) = (h.as_bytes(), pat.as_bytes());
    let last = hb.len().checked_sub(pb.len())?;
    let first = pb[0];
    let mut i = 0;
    while i <= last {
        if hb[i] == first && rest_at(hb, i, pb) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether `pb` (not empty, its first byte already found at `i`) occurs
/// in `hb` at `i` (`i + pb.len()` within `hb`).
#[inline]
fn rest_at(hb: &[u8], i: usize, pb: &[u8]) -> bool {
    let w = &hb[i..i + pb.len()];
    let mut k = 1;
    while k < pb.len() {
        if w[k] != pb[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// A pattern searched for often, with Horspool's shift tables: most
/// bytes of a message are not in the pattern, and a window ending (or, from
/// the right, starting) on such a byte moves on by the pattern's length.
pub(crate) struct Pat {
    text: &'static str,
    /// Forward: how far a window may move on when its last byte is `c`.
    fwd: [u8; 256],
    /// Backward: how far a window may move back when its first byte is `c`.
    rev: [u8; 256],
}

impl Pat {
    /// The tables of `text` (1 to 255 bytes).
    pub(crate) const fn new(text: &'static str) -> Pat {
        let b = text.as_bytes();
        let n = b.len();
        assert!(n > 0 && n < 256);
        let (mut fwd, mut rev) = ([n as u8; 256], [n as u8; 256]);
        let mut k = 0;
        while k + 1 < n {
            fwd[b[k] as usize] = (n - 1 - k) as u8;
            k += 1;
        }
        let mut k = n - 1;
        while k >= 1 {
            rev[b[k] as usize] = k as u8;
            k -= 1;
        }
        Pat { text, fwd, rev }
    }

    /// `h.find(self.text)`.
    fn find(&self, h: &str) -> Option<usize> {
        let (hb, pb) = (h.as_bytes(), self.text.as_bytes());
        let n = pb.len();
        let last = pb[n - 1];
        let mut i = 0;
        while i + n <= hb.len() {
            let c = hb[i + n - 1];
            if c == last && hb[i..i + n - 1] == pb[..n - 1] {
                return Some(i);
            }
            i += self.fwd[c as usize] as usize;
        }
        None
    }

    /// `h.rfind(self.text)`.
    fn rfind(&self, h: &str) -> Option<usize> {
        let (hb, pb) = (h.as_bytes(), self.text.as_bytes());
        let mut i = hb.len().checked_sub(pb.len())?;
        loop {
            let c = hb[i];
            if c == pb[0] && rest_at(hb, i, pb) {
                return Some(i);
            }
            i = i.checked_sub(self.rev[c as usize] as usize)?;
        }
    }

    /// `h.split_once(self.text)`.
    fn split<'h>(&self, h: &'h str) -> Option<(&'h str, &'h str)> {
        let i = self.find(h)?;
        Some((&h[..i], &h[i + self.text.len()..]))
    }
}

/// The patterns of the hot searches.
static FROM: Pat = Pat::new(" from ");
static PORT: Pat = Pat::new(" port ");
static CHECK_PASS: Pat = Pat::new(":auth): check pass; user unknown");
static AUTH_FAILURE: Pat = Pat::new(":auth): authentication failure;");
static FAILURE: Pat = Pat::new("authentication failure;");
static RHOSTS: [Pat; 3] = [Pat::new(" rhost="), Pat::new(";rhost="), Pat::new("\trhost=")];
static PWD: Pat = Pat::new(" ; PWD=");
static USER: Pat = Pat::new(" ; USER=");
static COMMAND: Pat = Pat::new(" ; COMMAND=");

/// Whether `m` holds a line feed (`memchr`: faster than `str::contains`
/// on a char).
fn has_newline(m: &str) -> bool {
    memchr::memchr(b'\n', m.as_bytes()).is_some()
}

/// `s.parse::<u16>()` for a text of ASCII digits only.
fn digits_u16(s: &str) -> Option<u16> {
    if s.is_empty() {
        return None;
    }
    let mut v = 0u32;
    for &c in s.as_bytes() {
        v = v * 10 + (c - b'0') as u32;
        if v > u16::MAX as u32 {
            return None;
        }
    }
    Some(v as u16)
}

/// `h.split_once(pat)` with [`find`].
fn split<'h>(h: &'h str, pat: &str) -> Option<(&'h str, &'h str)> {
    let i = find(h, pat)?;
    Some((&h[..i], &h[i + pat.len()..]))
}

/// `s.contains(char::is_whitespace)`, bytewise while the text is ASCII.
fn has_space(s: &str) -> bool {
    for b in s.bytes() {
        if b >= 0x80 {
            return s.contains(char::is_whitespace);
        }
        if matches!(b, b'\t'..=b'\r' | b' ') {
            return true;
        }
    }
    false
}

/// `s.trim_matches(f)` for a set of ASCII bytes: they are never part of a
/// longer UTF-8 sequence, so cutting at them keeps `s` whole characters.
pub(crate) fn trim_bytes(s: &str, f: impl Fn(u8) -> bool) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !f(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| !f(c)).map_or(start, |e| e + 1);
    &s[start..end]
}

/// Splits `USER from IP[ port P]TAIL` at the last ` from `.
fn split_from(rest: &str) -> Option<(&str, &str, Option<u16>, &str)> {
    let k = FROM.rfind(rest)?;
    let (user, after) = (&rest[..k], &rest[k + 6..]);
    let ip_end = after.bytes().position(|b| b == b' ').unwrap_or(after.len());
    let (ip, mut tail) = (&after[..ip_end], &after[ip_end..]);
    if ip.is_empty() || has_space(ip) {
        return None;
    }
    let mut port = None;
    if let Some(p) = tail.strip_prefix(" port ") {
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            port = Some(digits_u16(&p[..digits])?);
            tail = &p[digits..];
        }
    }
    Some((user, ip, port, tail))
}

/// `Failed`/`Accepted` after `for `: optional `invalid user `, then the
/// rightmost address, then sshd's tail.
fn from_ip_port<'m>(
    rest: &'m str,
    allow_invalid: bool,
    allow_bracket: bool,
    outcome: Option<Outcome>,
    weight: Weight,
    method: &'m str,
) -> Option<Hit<'m>> {
    let (invalid, rest) =
        match (allow_invalid, rest.strip_prefix("invalid user ").or(rest.strip_prefix("illegal user "))) {
            (true, Some(r)) => (true, r),
            _ => (false, rest),
        };
    let (user, ip, port, tail) = split_from(rest)?;
    if !tail_ok(tail, allow_bracket) {
        return None;
    }
    let mut h = hit(outcome, weight, user, ip, port, method)?;
    if invalid {
        h.flags |= INVALID_USER;
    }
    Some(h)
}

/// `(?: ssh\d?)?(?:: .*| \[preauth\])?\]?\s*$` (the `]` only when allowed).
fn tail_ok(t: &str, allow_bracket: bool) -> bool {
    let mut t = t;
    if let Some(r) = t.strip_prefix(" ssh") {
        t = r.strip_prefix(|c: char| c.is_ascii_digit()).unwrap_or(r);
    }
    if t.starts_with(": ") {
        return true;
    }
    if let Some(r) = t.strip_prefix(" [preauth]") {
        t = r;
    }
    if allow_bracket {
        t = t.strip_prefix(']').unwrap_or(t);
    }
    t.chars().all(char::is_whitespace)
}

/// `USER IP port P` parsed from the right.
fn user_ip_port(body: &str) -> Option<(&str, &str, u16)> {
    let k = PORT.rfind(body)?;
    let p = &body[k + 6..];
    if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port = digits_u16(p)?;
    let head = &body[..k];
    let s = head.bytes().rposition(|b| b == b' ')?;
    Some((&head[..s], &head[s + 1..], port))
}

/// `IP port P [preauth]` (Connection closed) or `[user U ]IP port P`
/// (Disconnected): address-only notes.
fn note_ip_port(rest: &str, preauth: bool) -> Option<Hit<'_>> {
    let body = if preauth { rest.trim_end().strip_suffix(" [preauth]")? } else { rest.trim_end() };
    if preauth && rest[body.len() + 10..].chars().any(|c| !c.is_whitespace()) {
        return None;
    }
    let (user, body) = match body.strip_prefix("user ") {
        Some(b) if !preauth => {
            let (u, ip, port) = user_ip_port(b)?;
            return hit(None, Weight::Note, u, ip, Some(port), "");
        }
        _ => ("", body),
    };
    let (ip, port) = PORT.split(body)?;
    if ip.is_empty()
        || ip.contains([' ', '['])
        || port.is_empty()
        || !port.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    hit(None, Weight::Note, user, ip, Some(digits_u16(port)?), "")
}

fn hit<'m>(
    outcome: Option<Outcome>,
    weight: Weight,
    user: &'m str,
    ip: &'m str,
    port: Option<u16>,
    method: &'m str,
) -> Option<Hit<'m>> {
    let mut h = Hit::new(outcome, weight, "sshd");
    let user = trim_bytes(user, |b| matches!(b, b'<' | b'>' | b'\''));
    h.user = (!user.is_empty()).then_some(Cow::Borrowed(user));
    if !ip.is_empty() {
        let ip = clean_ip(ip);
        if !looks_like_host(ip) {
            return None;
        }
        h.ip = Some(Cow::Borrowed(ip));
    }
    h.port = port;
    h.method = Cow::Borrowed(method);
    Some(h)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::rules::compiled;
    use super::*;

    /// Lines of every shape near the fast forms, ugly ones included.
    pub const LINES: &[&str] = &[
        "Failed password for root from 203.0.113.5 port 22 ssh2",
        "Failed password for invalid user admin from 2001:db8::7 port 5022 ssh2",
        "Failed password for root from ::ffff:198.51.100.9 port 4022 ssh2",
        "Failed none for invalid user guest from scanner.example.net port 3 ssh2",
        "Failed keyboard-interactive/pam for invalid user oracle from 192.0.2.1 port 4444 ssh2",
        "Failed password for illegal user test from 192.0.2.8 port 33 ssh2",
        "Failed password for bob from 192.0.2.9",
        "Failed publickey for git from 10.0.0.4 port 51000 ssh2: RSA SHA256:AbCdEf",
        "Failed publickey for git from 10.0.0.4 port 51000 ssh2]",
        "Failed password for invalid user x from 10.0.0.1 port 22 ssh2 from 203.0.113.66 port 5555 ssh2",
        "Failed password for invalid user from 10.0.0.1 port 22 from 203.0.113.66 port 5555 ssh2",
        "Failed password for x from 10.0.0.1 port 22 ssh2: junk from 203.0.113.66 port 5555 ssh2",
        "Failed password for x from 1.2.3.4: y",
        "Failed password for x from 1.2.3.4;rm port 5 ssh2",
        "Failed password for x from  port 5 ssh2",
        "Failed password for root from 203.0.113.5 port 22 ssh2 [preauth]",
        "Failed password for root from 203.0.113.5 port 22 ssh2]  ",
        "Failed password for root from 203.0.113.5 port 99999 ssh2",
        "Failed password  for root from 1.2.3.4 port 5 ssh2",
        "Accepted publickey for alice from 10.0.3.4 port 50022 ssh2: ED25519 SHA256:Xb3rT9",
        "Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
        "Accepted password for invalid user x from 119.137.62.142 port 49116 ssh2",
        "Accepted password for a from 10.0.0.1 port 1 ssh2 from 203.0.113.66 port 9 ssh2",
        "Accepted password for a from 10.0.0.1 port 1 ssh2]",
        "Invalid user webmaster from 173.234.31.186",
        "Invalid user  from 192.0.2.3 port 40",
        "Invalid user a from 10.0.0.1 port 1 from 203.0.113.66 port 5555",
        "Invalid user a from 10.0.0.1 port 1 junk",
        "Invalid user a from 10.0.0.1 port",
        "Connection closed by authenticating user root 203.0.113.9 port 41001 [preauth]",
        "Connection closed by invalid user admin 203.0.113.9 port 41002 [preauth]",
        "Connection closed by invalid user a b 203.0.113.9 port 41002 [preauth]",
        "Connection closed by invalid user  203.0.113.9 port 41002 [preauth]",
        "Connection closed by authenticating user root 203.0.113.9 port 41001",
        "Connection closed by 173.234.31.186 [preauth]",
        "Connection closed by 173.234.31.186 port 5 [preauth]",
        "Connection closed by 173.234.31.186 port 5 [preauth] x",
        "Disconnected from invalid user admin 203.0.113.9 port 41000 [preauth]",
        "Disconnected from authenticating user root 203.0.113.9 port 41000 [preauth]",
        "Disconnected from user alice 10.0.1.7 port 50000",
        "Disconnected from user alice smith 10.0.1.7 port 50000",
        "Disconnected from 10.0.1.7 port 50000",
        "Disconnected from invalid user x 10.0.1.7 port 50000",
        "Received disconnect from 10.0.1.7 port 50000:11: disconnected by user",
        "Received disconnect from 2001:db8::1 port 50000:11: bye",
        "Received disconnect from 192.0.2.51 port 1000:3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
        "Received disconnect from 103.99.0.122: 14: No more user authentication methods available. [preauth]",
        "Received disconnect from 10.0.1.7 port 5:x",
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=52.80.34.196  user=root",
        "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186 ",
        "pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=alice",
        "pam_unix(sshd:auth): authentication failure; logname= ruser=x rhost=1.2.3.4 user=",
        "pam_unix(sshd:auth): authentication failure; logname=rhost=9.9.9.9 rhost=1.2.3.4 user=a",
        "pam_unix(sshd:auth): authentication failure; rhost=1.2.3.4;x user=a",
        "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=bob rhost=::ffff:192.0.2.30",
        "pam_unix(sshd:auth): check pass; user unknown",
        "pam_unix(sshd:auth): check pass; user unknown  ",
        "pam_unix(sshd:auth): check pass; user unknown x",
        "pam_unix(sshd:auth): check pass; user unknownx",
        "pam_unix(sshd:auth): check pass; user unknown\n",
        "pam_unix(ss hd:auth): check pass; user unknown",
        "pam_unix(:auth): check pass; user unknown",
        "pam_unix(sshd:auth): check pass; user unknown authentication failure; rhost=1.2.3.4",
        "pam_unix(sshd:auth): check pass; user alice",
        "pam_unix(su:auth): check pass; user unknown",
        "pam_unix(sshd\u{2003}x:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4",
    ];

    fn same(line: &str) {
        let table = compiled().match_tables(Some("sshd"), line);
        let fast = if line.starts_with("pam_unix(") { pam(line) } else { sshd(line) };
        if let Some(f) = fast {
            assert_eq!(Some(f), table, "fast path differs on: {line}");
        }
        if let Some(f) = sudo(line) {
            assert_eq!(
                Some(f),
                compiled().match_tables(Some("sudo"), line),
                "sudo fast path differs on: {line}"
            );
        }
        if let Some(f) = su(line) {
            assert_eq!(Some(f), compiled().match_tables(Some("su"), line), "su fast path differs on: {line}");
        }
    }

    #[test]
    fn byte_searches_are_the_str_searches() {
        let hays = [
            "",
            " ",
            "a from b from c",
            " from ",
            "x port 1 port 2",
            "ä from ö port ü",
            "from",
            "  ",
            "p",
            " port",
            "x rhost= rhost=",
            " fro",
            ";rhost=\trhost= rhost=",
            "  from  from  ",
            "fromfrom from from",
            " fro from m  from",
            "mmmm from mmmm",
            "pam_unix(sshd:auth): check pass; user unknown:auth): check pass; user unknown",
            ":auth): check pass; user unknow:auth): check pass; user unknown",
            "x ; PWD=y ; PWD= ; USER= ; USER=root ; COMMAND=/bin ; COMMAND=",
            "rhost=rhost= rhost=1.2.3.4 rhost=",
            "authentication failure;authentication failure",
            "\u{e9}\u{e9} port \u{e9} port 22",
        ];
        let pats = [
            " from ",
            " port ",
            ";rhost=",
            "\trhost=",
            " rhost=",
            " ",
            "from",
            ":auth): check pass; user unknown",
            ":auth): authentication failure;",
            "authentication failure;",
            " ; PWD=",
            " ; USER=",
            " ; COMMAND=",
            "mm",
            "m",
        ];
        for h in hays {
            for p in pats {
                assert_eq!(find(h, p), h.find(p), "{h:?} {p:?}");
                let pat = Pat::new(p);
                assert_eq!(pat.find(h), h.find(p), "{h:?} {p:?}");
                assert_eq!(pat.rfind(h), h.rfind(p), "{h:?} {p:?}");
                assert_eq!(pat.split(h), h.split_once(p), "{h:?} {p:?}");
                assert_eq!(split(h, p), h.split_once(p), "{h:?} {p:?}");
            }
        }
    }

    #[test]
    fn byte_tests_are_the_char_tests() {
        let texts = [
            "",
            " ",
            "a",
            "<<a>>",
            "'a'",
            "<>",
            "<'>",
            "a\u{2003}b",
            "\u{a0}",
            "x\x0by",
            "x\x0cy",
            "x\x1cy",
            "<ä>",
            "ä<",
            "[::1]",
            "\"1.2.3.4\"",
            "\t",
            "\r\n",
            "é\u{85}",
        ];
        let set = |c: char| c == '<' || c == '>' || c == '\'';
        for t in texts {
            assert_eq!(has_space(t), t.contains(char::is_whitespace), "{t:?}");
            let b = trim_bytes(t, |b| matches!(b, b'<' | b'>' | b'\''));
            assert_eq!(b, t.trim_matches(set), "{t:?}");
        }
        for ip in ["[2001:db8::1]", "<1.2.3.4>", "'a'", "\"[x]\"", "ä]", "::ffff:1.2.3.4", "]]"] {
            let want =
                ip.trim_matches(|c| c == '[' || c == ']' || c == '<' || c == '>' || c == '"' || c == '\'');
            let want = match want.get(..7) {
                Some(p) if p.eq_ignore_ascii_case("::ffff:") && want[7..].contains('.') => &want[7..],
                _ => want,
            };
            assert_eq!(clean_ip(ip), want, "{ip:?}");
        }
    }

    #[test]
    fn sudo_fast_path_agrees() {
        for line in [
            "   alice : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
            "alice : 1 incorrect password attempt ; TTY=pts/2 ; PWD=/ ; USER=root ; COMMAND=/bin/ls",
            "  deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash",
            "bob : TTY=pts/1 ; PWD=/x ; USER=root ; ENV=A=1 ; COMMAND=/usr/bin/id",
            "bob : TTY=pts/1 ; PWD=/a ; USER=root ; b ; USER=x ; COMMAND=/usr/bin/id",
            "bob : TTY=unknown ; PWD=/x ; USER=root ; TSID=000001 ; COMMAND=/usr/bin/id",
            "mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh",
            "bob : TTY=pts/1 ; PWD=/x ; USER=root ;COMMAND=/usr/bin/id",
            "a b : TTY=pts/1 ; PWD=/x ; USER=root ; COMMAND=/usr/bin/id",
        ] {
            same(line);
        }
        assert!(sudo("  deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash").is_some());
        assert_eq!(
            sudo(" alice : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/ ; USER=root ; COMMAND=/x")
                .unwrap()
                .n,
            3
        );
    }

    #[test]
    fn su_fast_path_agrees() {
        let lines = [
            "FAILED SU (to root) bob on pts/1",
            "(to root) bob on pts/1",
            "(to <root>) bob on pts/1",
            "(to 'x') bob on /dev/pts/1 extra words",
            "FAILED SU (to root) bob on",
            "FAILED SU (to root) bob on ",
            "FAILED SU (to root) bob  on pts/1",
            "FAILED SU (to root)  bob on pts/1",
            "FAILED SU (to  root) bob on pts/1",
            "FAILED SU (to ) bob on pts/1",
            "FAILED SU (to root)bob on pts/1",
            "FAILED SU (to a)b) c on x",
            "FAILED SU (to a)b) c on x on y",
            "(to a) b) on x",
            "(to a)) b on x",
            "(to root) bob on\tpts/1",
            "(to root) bob\ton pts/1",
            "(to r\u{f6}ot) bob on pts/1",
            "(to root) b\u{2003}ob on pts/1",
            "(to root) bob on \u{2003}",
            "(to root) bob on x\n",
            "(to root)",
            "(to root) ",
            "FAILED su for root by bob",
            "Successful su for root by carol",
            "pam_unix(su:auth): authentication failure; logname=bob uid=1000 euid=0 tty=pts/1 ruser=bob rhost=  user=root",
        ];
        for line in lines {
            let table = compiled().match_tables(Some("su"), line);
            if let Some(f) = su(line) {
                assert_eq!(Some(f), table, "su fast path differs on: {line}");
            }
        }
        for line in &lines[..4] {
            assert!(su(line).is_some(), "{line}");
        }
    }

    #[test]
    fn fast_paths_agree_with_the_tables() {
        for line in LINES {
            same(line);
        }
        // The common forms must take the fast path.
        for line in &LINES[..8] {
            assert!(sshd(line).is_some(), "{line}");
        }
        assert!(pam(LINES[49]).is_some());
        let check = LINES.iter().position(|l| l.ends_with("check pass; user unknown")).unwrap();
        assert!(pam(LINES[check]).is_some());
    }

    #[test]
    fn fast_paths_agree_on_loghub_openssh() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/loghub");
        let mut n = 0;
        for sys in ["OpenSSH", "Linux"] {
            let Ok(text) = std::fs::read_to_string(dir.join(sys).join(format!("{sys}_2k.log"))) else {
                eprintln!("loghub {sys} not present: skipped");
                continue;
            };
            for line in text.lines() {
                if let Some((_, msg)) = line.split_once("]: ") {
                    same(msg.trim_end_matches('\r'));
                    n += 1;
                }
            }
        }
        eprintln!("{n} loghub messages compared");
    }
}
