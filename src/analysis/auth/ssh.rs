//! OpenSSH and dropbear: every message form, from old releases (`Illegal
//! user`, no port) to current ones (`sshd-session`, `[preauth]` suffixes).
//!
//! One attempt = one `Failed <method>` line; `Invalid user`, `Connection
//! closed by authenticating user`, `maximum authentication attempts
//! exceeded`, `PAM N more` and the like are echoes of it (counted only for
//! a session that logged no `Failed` line). Pre-authentication chatter
//! (`Did not receive identification string`, `Unable to negotiate`,
//! `banner exchange`) is a probe. Lines that only carry an address
//! (`Connection from`, `reverse mapping checking`) let later address-less
//! lines of the same pid (`input_userauth_request: invalid user x`,
//! `pam_unix(sshd:auth): check pass; user unknown`) get it.

use super::rules::{Family, Rule, Service};
use super::INVALID_USER;

/// Where an OpenSSH message ends: optional `ssh2`, then optional `: <key
/// type> <fingerprint>` or ` [preauth]`.
macro_rules! tail {
    () => {
        r"(?: ssh\d?)?(?:: .*| \[preauth\])?\s*$"
    };
}

static OPENSSH_RULES: [Rule; 28] = [
    Rule::soft(
        "Failed publickey for ",
        "publickey",
        concat!(
            r"^(?:message repeated (?P<n>\d+) times: \[ ?)?Failed publickey for (?:(?P<invalid>invalid|illegal) user )?(?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?",
            tail!()
        ),
    ),
    Rule::fail(
        "Failed ",
        "password",
        concat!(
            r"^(?:message repeated (?P<n>\d+) times: \[ ?)?Failed (?P<method>\S+) for (?:(?P<invalid>invalid|illegal) user )?(?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?",
            r"(?: ssh\d?)?(?:: .*| \[preauth\])?\]?\s*$"
        ),
    ),
    Rule::ok(
        "Accepted ",
        "password",
        concat!(
            r"^Accepted (?P<method>\S+) for (?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?",
            tail!()
        ),
    ),
    Rule::echo(
        "Invalid user ",
        "",
        r"^(?P<invalid>Invalid) user (?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?\s*$",
    ),
    Rule::echo(
        "Illegal user ",
        "",
        r"^(?P<invalid>Illegal) user (?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?\s*$",
    ),
    Rule::echo(
        "input_userauth_request: invalid user",
        "",
        r"^input_userauth_request: (?P<invalid>invalid) user (?P<user>.*?)(?: \[preauth\])?\s*$",
    ),
    Rule::echo(
        "Disconnected from ",
        "",
        r"^Disconnected from (?:(?P<invalid>invalid)|authenticating) user (?P<user>.*) (?P<ip>\S+) port (?P<port>\d+) \[preauth\]\s*$",
    ),
    Rule::echo(
        "Connection closed by ",
        "",
        r"^Connection closed by (?:(?P<invalid>invalid)|authenticating) user (?P<user>.*) (?P<ip>\S+) port (?P<port>\d+) \[preauth\]\s*$",
    ),
    Rule::echo(
        "Connection reset by ",
        "",
        r"^Connection reset by (?:(?P<invalid>invalid)|authenticating) user (?P<user>.*) (?P<ip>\S+) port (?P<port>\d+) \[preauth\]\s*$",
    ),
    Rule::echo(
        "maximum authentication attempts exceeded",
        "",
        concat!(
            r"^(?:error: )?maximum authentication attempts exceeded for (?:(?P<invalid>invalid) user )?(?P<user>.*) from (?P<ip>\S+)(?: port (?P<port>\d+))?",
            tail!()
        ),
    ),
    Rule::echo(
        "Too many authentication failures",
        "",
        r"^Disconnecting(?: (?:(?P<invalid>invalid)|authenticating) user (?P<user>.*) (?P<ip>\S+) port (?P<port>\d+))?: Too many authentication failures",
    ),
    Rule::echo(
        "PAM: Authentication failure for ",
        "keyboard-interactive/pam",
        r"^(?:error: )?PAM: Authentication failure for (?:(?P<invalid>illegal|invalid) user )?(?P<user>.*) from (?P<ip>\S+)\s*$",
    ),
    Rule::echo(
        "User not known to the underlying authentication module",
        "",
        r"^(?:error: )?(?:PAM: )?User not known to the underlying authentication module for (?:(?P<invalid>illegal|invalid) user )?(?P<user>.*) from (?P<ip>\S+)\s*$",
    ),
    Rule::echo(
        " not allowed because ",
        "",
        r"^User (?P<user>.*) from (?P<ip>\S+) not allowed because (?:not listed in AllowUsers|listed in DenyUsers|not in any group|a group is listed in DenyGroups|none of user's groups are listed in AllowGroups|account is locked)",
    ),
    Rule::echo(
        " more authentication failure",
        "",
        r"^PAM (?P<n>\d+) more authentication failures?;.*?\srhost=(?P<ip>\S*)(?:\s+user=(?P<user>\S+))?",
    ),
    Rule::fail("ROOT LOGIN REFUSED", "", r"^(?P<user>ROOT) LOGIN REFUSED FROM (?P<ip>\S+)"),
    Rule::echo(
        "Received disconnect from ",
        "",
        r"^(?:error: )?Received disconnect from (?P<ip>\S+?)(?: port (?P<port>\d+))?:\s*3: .*Auth fail",
    ),
    Rule::probe(
        "Did not receive identification string",
        r"^(?:error: )?Did not receive identification string from (?P<ip>\S+)(?: port (?P<port>\d+))?",
    ),
    Rule::probe(
        "Unable to negotiate with ",
        r"^Unable to negotiate with (?P<ip>\S+) port (?P<port>\d+): no matching",
    ),
    Rule::probe(
        "banner exchange: ",
        r"^(?:error: )?banner exchange: Connection from (?P<ip>\S+) port (?P<port>\d+): invalid format",
    ),
    Rule::probe(
        "Bad protocol version identification",
        r"^Bad protocol version identification .* from (?P<ip>\S+)(?: port (?P<port>\d+))?\s*$",
    ),
    Rule::probe("kex_exchange_identification: ", r"^(?:error: )?kex_exchange_identification: "),
    Rule::note(
        "Received disconnect from ",
        r"^(?:error: )?Received disconnect from (?P<ip>\S+?)(?: port (?P<port>\d+))?:\s*\d+:",
    ),
    Rule::note(
        "Disconnected from ",
        r"^Disconnected from (?:user (?P<user>.*) )?(?P<ip>\S+) port (?P<port>\d+)\s*$",
    ),
    Rule::note("Connection from ", r"^Connection from (?P<ip>\S+) port (?P<port>\d+)"),
    Rule::note(
        "reverse mapping checking",
        r"^reverse mapping checking getaddrinfo for \S+ \[(?P<ip>[^\]]+)\] failed",
    ),
    Rule::note(
        "Connection closed by ",
        r"^Connection closed by (?P<ip>[^\s\[]+)(?: port (?P<port>\d+))? \[preauth\]\s*$",
    ),
    Rule::note(
        "Postponed ",
        r"^Postponed (?P<method>\S+) for (?:invalid user )?(?P<user>.*) from (?P<ip>\S+) port (?P<port>\d+)",
    ),
];

/// OpenSSH's `sshd` (and the `sshd-session`/`sshd-auth` helpers of 9.8+).
pub static OPENSSH: Family = Family {
    name: "openssh",
    about: "OpenSSH sshd: Failed/Accepted <method>, Invalid/Illegal user, preauth disconnects, \
            maximum attempts, PAM N more, AllowUsers/DenyUsers, probes (no identification, \
            negotiation, banner); IPv4/IPv6/::ffff:/host names; address carried per pid",
    services: &[Service {
        name: "sshd",
        apps: &["sshd", "sshd-session", "sshd-auth"],
        rules: &OPENSSH_RULES,
    }],
};

/// dropbear's address is `IP:port`, `[v6]:port` or `<IP:port>`.
macro_rules! dropbear_addr {
    () => {
        r"<?(?P<ip>\[[^\]]+\]|[^\s<>]+?):(?P<port>\d+)>?"
    };
}

static DROPBEAR_RULES: [Rule; 6] = [
    Rule::fail(
        "Bad password attempt",
        "password",
        concat!(r"^Bad password attempt for '(?P<user>.*)' from ", dropbear_addr!()),
    ),
    Rule::fail(
        "nonexistent user",
        "password",
        concat!(r"^Login attempt for nonexistent user(?: '(?P<user>.*)')? from ", dropbear_addr!()),
    )
    .with_flags(INVALID_USER),
    Rule::ok(
        "Password auth succeeded",
        "password",
        concat!(r"^Password auth succeeded for '(?P<user>.*)' from ", dropbear_addr!()),
    ),
    Rule::ok(
        "Pubkey auth succeeded",
        "publickey",
        concat!(r"^Pubkey auth succeeded for '(?P<user>.*)' with .* from ", dropbear_addr!()),
    ),
    Rule::echo(
        "Max auth tries reached",
        "",
        concat!(
            r"^Exit before auth from ",
            dropbear_addr!(),
            r": \(user '(?P<user>.*)', \d+ fails\): Max auth tries reached"
        ),
    ),
    Rule::note("Child connection from ", concat!(r"^Child connection from ", dropbear_addr!())),
];

/// dropbear (embedded systems, routers).
pub static DROPBEAR: Family = Family {
    name: "dropbear",
    about: "dropbear: Bad password attempt, nonexistent user, Password/Pubkey auth succeeded, Max auth tries",
    services: &[Service { name: "dropbear", apps: &["dropbear"], rules: &DROPBEAR_RULES }],
};

#[cfg(test)]
mod tests {
    use super::super::rules::{expect, hit};
    use super::super::{Outcome::*, Weight::*, INVALID_USER};

    #[test]
    fn openssh_failures_every_form() {
        let f = Some(Failure);
        for (msg, user, ip, port, method) in [
            (
                "Failed password for root from 203.0.113.5 port 22 ssh2",
                "root",
                "203.0.113.5",
                Some(22),
                "password",
            ),
            (
                "Failed password for invalid user admin from 2001:db8::7 port 5022 ssh2",
                "admin",
                "2001:db8::7",
                Some(5022),
                "password",
            ),
            (
                "Failed password for root from ::ffff:198.51.100.9 port 4022 ssh2",
                "root",
                "198.51.100.9",
                Some(4022),
                "password",
            ),
            (
                "Failed none for invalid user guest from scanner.example.net port 3 ssh2",
                "guest",
                "scanner.example.net",
                Some(3),
                "none",
            ),
            (
                "Failed keyboard-interactive/pam for invalid user oracle from 192.0.2.1 port 4444 ssh2",
                "oracle",
                "192.0.2.1",
                Some(4444),
                "keyboard-interactive/pam",
            ),
            (
                "Failed password for illegal user test from 192.0.2.8 port 33 ssh2",
                "test",
                "192.0.2.8",
                Some(33),
                "password",
            ),
            ("Failed password for bob from 192.0.2.9", "bob", "192.0.2.9", None, "password"),
        ] {
            expect("sshd", msg, (f, Attempt, Some(user), Some(ip), port, method));
        }
        let h = hit("sshd", "Failed password for invalid user admin from 192.0.2.1 port 1 ssh2").unwrap();
        assert_eq!(h.flags & INVALID_USER, INVALID_USER);
        expect(
            "sshd-session",
            "Failed publickey for git from 10.0.0.4 port 51000 ssh2: RSA SHA256:AbCdEf",
            (f, Soft, Some("git"), Some("10.0.0.4"), Some(51000), "publickey"),
        );
        let h = hit(
            "sshd",
            "message repeated 5 times: [ Failed password for root from 112.95.230.3 port 47013 ssh2]",
        )
        .unwrap();
        assert_eq!((h.n, h.ip.as_deref(), h.weight), (5, Some("112.95.230.3"), Attempt));
    }

    #[test]
    fn injected_addresses_do_not_move_the_source() {
        for msg in [
            "Failed password for invalid user x from 10.0.0.1 port 22 ssh2 from 203.0.113.66 port 5555 ssh2",
            "Failed password for invalid user from 10.0.0.1 port 22 from 203.0.113.66 port 5555 ssh2",
            "Failed password for x from 10.0.0.1 port 22 ssh2: junk from 203.0.113.66 port 5555 ssh2",
        ] {
            assert_eq!(hit("sshd", msg).unwrap().ip.as_deref(), Some("203.0.113.66"), "{msg}");
        }
        let h = hit("sshd", "Invalid user a from 10.0.0.1 port 1 from 203.0.113.66 port 5555").unwrap();
        assert_eq!(h.ip.as_deref(), Some("203.0.113.66"));
        let h =
            hit("sshd", "Accepted password for a from 10.0.0.1 port 1 ssh2 from 203.0.113.66 port 9 ssh2")
                .unwrap();
        assert_eq!(h.ip.as_deref(), Some("203.0.113.66"));
        // A user name that looks like another message is still that message.
        let h = hit("sshd", "Invalid user Failed password for root from 10.0.0.1 from 203.0.113.66 port 7")
            .unwrap();
        assert_eq!((h.weight, h.ip.as_deref()), (Echo, Some("203.0.113.66")));
    }

    #[test]
    fn openssh_successes() {
        let s = Some(Success);
        expect(
            "sshd",
            "Accepted publickey for alice from 10.0.3.4 port 50022 ssh2: ED25519 SHA256:Xb3rT9",
            (s, Attempt, Some("alice"), Some("10.0.3.4"), Some(50022), "publickey"),
        );
        expect(
            "sshd",
            "Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
            (s, Attempt, Some("fztu"), Some("119.137.62.142"), Some(49116), "password"),
        );
        expect(
            "sshd",
            "Accepted keyboard-interactive/pam for root from 2001:db8::2 port 2 ssh2",
            (s, Attempt, Some("root"), Some("2001:db8::2"), Some(2), "keyboard-interactive/pam"),
        );
    }

    #[test]
    fn openssh_echoes_and_probes() {
        let f = Some(Failure);
        expect(
            "sshd",
            "Invalid user webmaster from 173.234.31.186",
            (f, Echo, Some("webmaster"), Some("173.234.31.186"), None, ""),
        );
        expect(
            "sshd",
            "Invalid user  from 192.0.2.3 port 40",
            (f, Echo, None, Some("192.0.2.3"), Some(40), ""),
        );
        expect(
            "sshd",
            "Illegal user test from ::ffff:192.0.2.4",
            (f, Echo, Some("test"), Some("192.0.2.4"), None, ""),
        );
        expect(
            "sshd",
            "input_userauth_request: invalid user webmaster [preauth]",
            (f, Echo, Some("webmaster"), None, None, ""),
        );
        expect(
            "sshd",
            "Disconnected from invalid user admin 203.0.113.9 port 41000 [preauth]",
            (f, Echo, Some("admin"), Some("203.0.113.9"), Some(41000), ""),
        );
        expect(
            "sshd",
            "Connection closed by authenticating user root 203.0.113.9 port 41001 [preauth]",
            (f, Echo, Some("root"), Some("203.0.113.9"), Some(41001), ""),
        );
        expect(
            "sshd",
            "error: maximum authentication attempts exceeded for invalid user ubnt from 198.51.100.2 port 52000 ssh2 [preauth]",
            (f, Echo, Some("ubnt"), Some("198.51.100.2"), Some(52000), ""),
        );
        expect(
            "sshd",
            "User root from 192.0.2.50 not allowed because not listed in AllowUsers",
            (f, Echo, Some("root"), Some("192.0.2.50"), None, ""),
        );
        expect(
            "sshd",
            "Received disconnect from 192.0.2.51 port 1000:3: com.jcraft.jsch.JSchException: Auth fail [preauth]",
            (f, Echo, None, Some("192.0.2.51"), Some(1000), ""),
        );
        let p = Some(Probe);
        expect(
            "sshd",
            "Did not receive identification string from 192.0.2.60 port 61000",
            (p, Attempt, None, Some("192.0.2.60"), Some(61000), ""),
        );
        expect(
            "sshd",
            "Did not receive identification string from 192.0.2.61",
            (p, Attempt, None, Some("192.0.2.61"), None, ""),
        );
        expect(
            "sshd",
            "Unable to negotiate with 192.0.2.62 port 33000: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]",
            (p, Attempt, None, Some("192.0.2.62"), Some(33000), ""),
        );
        expect(
            "sshd",
            "banner exchange: Connection from 192.0.2.63 port 47000: invalid format",
            (p, Attempt, None, Some("192.0.2.63"), Some(47000), ""),
        );
    }

    #[test]
    fn openssh_lines_that_are_not_failures() {
        for msg in [
            "Received disconnect from 10.0.1.7 port 50000:11: disconnected by user",
            "Disconnected from user alice 10.0.1.7 port 50000",
            "Connection closed by 173.234.31.186 [preauth]",
            "Connection from 10.0.0.5 port 1234 on 10.0.0.1 port 22 rdomain \"\"",
            "reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
            "Received disconnect from 103.99.0.122: 14: No more user authentication methods available. [preauth]",
        ] {
            let h = hit("sshd", msg).unwrap_or_else(|| panic!("{msg}"));
            assert_eq!((h.outcome, h.weight), (None, Note), "{msg}");
            assert!(h.ip.is_some(), "{msg}");
        }
        for msg in [
            "Server listening on 0.0.0.0 port 22.",
            "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
            "SSH: Server;Ltype: Kex;Remote: 192.0.2.1-1;Enc: aes128-ctr",
            "debug1: kex: algorithm: curve25519-sha256",
            "Received signal 15; terminating.",
        ] {
            assert!(hit("sshd", msg).is_none_or(|h| h.outcome.is_none() || h.service != "sshd"), "{msg}");
        }
    }

    #[test]
    fn dropbear_forms() {
        let (f, s) = (Some(Failure), Some(Success));
        expect(
            "dropbear",
            "Bad password attempt for 'root' from 192.0.2.7:54321",
            (f, Attempt, Some("root"), Some("192.0.2.7"), Some(54321), "password"),
        );
        expect(
            "dropbear",
            "Login attempt for nonexistent user 'admin' from 192.0.2.7:54322",
            (f, Attempt, Some("admin"), Some("192.0.2.7"), Some(54322), "password"),
        );
        expect(
            "dropbear",
            "Password auth succeeded for 'root' from 192.0.2.8:40000",
            (s, Attempt, Some("root"), Some("192.0.2.8"), Some(40000), "password"),
        );
        expect(
            "dropbear",
            "Pubkey auth succeeded for 'root' with key md5 0c:aa:11 from 192.0.2.8:40001",
            (s, Attempt, Some("root"), Some("192.0.2.8"), Some(40001), "publickey"),
        );
        expect(
            "dropbear",
            "Exit before auth from <192.0.2.7:54323>: (user 'root', 10 fails): Max auth tries reached - user 'root'",
            (f, Echo, Some("root"), Some("192.0.2.7"), Some(54323), ""),
        );
        expect(
            "dropbear",
            "Child connection from [2001:db8::5]:2222",
            (None, Note, None, Some("2001:db8::5"), Some(2222), ""),
        );
    }
}
