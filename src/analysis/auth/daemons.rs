//! Network daemons that guard logins: mail, FTP, databases and
//! directories, VPN and remote desktop, VoIP, and honeypots. One
//! [`Service`] per daemon, keyed by the program names it logs as; daemons
//! that usually write their own files (vsftpd.log, MySQL's error log,
//! exim's mainlog, cowrie.log) have no program name and are matched on any
//! record whose message contains their needle.
//!
//! Patterns that hold an attacker-chosen user name before the address start
//! with a greedy `^.*` or a greedy user group, so the *last* address wins.

use super::rules::{Family, Rule, Service};

static DOVECOT: [Rule; 5] = [
    Rule::fail(
        "(auth failed, ",
        "",
        r"\(auth failed, (?P<n>\d+) attempts?[^)]*\)(?: \([^)]*\))?: user=<(?P<user>.*)>, (?:method=(?P<method>[^,]+), )?rip=(?P<ip>[^,\s]+)",
    ),
    Rule::echo(
        "unknown user",
        "",
        r"(?:passwd-file|pam|sql|ldap|passwd|shadow|checkpassword)\((?P<user>[^,)]*),(?P<ip>[^,)]+)[,)].*unknown user",
    ),
    Rule::echo(
        "assword mismatch",
        "",
        r"(?:passwd-file|pam|sql|ldap|passwd|shadow|checkpassword)\((?P<user>[^,)]*),(?P<ip>[^,)]+)[,)].*assword mismatch",
    ),
    Rule::echo(
        "pam_authenticate() failed",
        "",
        r"(?:passwd-file|pam|sql|ldap|passwd|shadow|checkpassword)\((?P<user>[^,)]*),(?P<ip>[^,)]+)[,)].*pam_authenticate\(\) failed",
    ),
    Rule::ok(
        "Login: user=<",
        "",
        r"-login: Login: user=<(?P<user>.*)>, method=(?P<method>[^,]+), rip=(?P<ip>[^,\s]+)",
    ),
];
static POSTFIX: [Rule; 2] = [
    Rule::fail(
        "authentication failed",
        "",
        r"^warning: [^\[\s]*\[(?P<ip>[^\]]+)\](?::\d+)?: SASL (?P<method>\S+) authentication failed:(?:.*sasl_username=(?P<user>\S+))?",
    ),
    Rule::ok(
        "sasl_username=",
        "",
        r"client=[^\[\s]*\[(?P<ip>[^\]]+)\].*, sasl_method=(?P<method>[^,]+), sasl_username=(?P<user>\S+)",
    ),
];
static COURIER: [Rule; 2] = [
    Rule::fail(
        "LOGIN FAILED, ",
        "",
        r"^LOGIN FAILED, (?:user=(?P<user>.*), )?(?:method=(?P<method>[^,]+), )?ip=\[(?P<ip>[^\]]+)\]",
    ),
    Rule::ok(
        "LOGIN, user=",
        "",
        r"^LOGIN, user=(?P<user>.*), ip=\[(?P<ip>[^\]]+)\](?:, port=\[(?P<port>\d+)\])?",
    ),
];
static CYRUS: [Rule; 2] = [
    Rule::fail(
        "badlogin: ",
        "",
        r"^badlogin: \S* ?\[(?P<ip>[^\]]+)\] (?P<method>\S+) (?P<user>\S+) .*(?:SASL|failure|failed)",
    ),
    Rule::ok(
        "User logged in",
        "",
        r"^login: \S* ?\[(?P<ip>[^\]]+)\] (?P<user>\S+) (?P<method>\S+) User logged in",
    ),
];
static UWIMAP: [Rule; 2] = [
    Rule::fail(
        "Login failed user=",
        "password",
        r"^Login failed user=(?P<user>\S+) .*host=.*\[(?P<ip>[^\]]+)\]",
    ),
    Rule::ok("Login user=", "password", r"^Login user=(?P<user>\S+) host=.*\[(?P<ip>[^\]]+)\]"),
];
static EXIM: [Rule; 1] = [Rule::fail(
    "authenticator failed for ",
    "",
    r"(?P<method>\S+) authenticator failed for (?:\S+ )?(?:\([^)]*\) )?\[(?P<ip>[^\]]+)\](?::(?P<port>\d+))?: 535 [^(]*(?:\(set_id=(?P<user>.*)\))?",
)];
static SENDMAIL: [Rule; 1] = [Rule::fail(
    "AUTH failure (",
    "",
    r"AUTH failure \((?P<method>[^)]+)\):.*?(?:user=(?P<user>[^,\s]+), )?relay=(?:\S+ )?\[(?P<ip>[^\]]+)\]",
)];
static SOLID_POP3D: [Rule; 1] = [Rule::fail(
    "authentication failed: ",
    "password",
    r"^authentication failed: (?:no such user: )?(?P<user>\S+) - (?P<ip>\S+)",
)];
static PERDITION: [Rule; 1] = [Rule::fail(
    "status=\"failed",
    "password",
    r#"^Auth: (?P<ip>\S+?):(?P<port>\d+)->\S+ .*authentication_id="(?P<user>[^"]*)".* status="failed"#,
)];

/// Mail: IMAP/POP3/SMTP AUTH, sieve.
pub static MAIL: Family = Family {
    name: "mail",
    about: "dovecot (imap/pop3/managesieve-login auth failed, passdb failures, Login), postfix SASL, \
            courier, cyrus-imap (badlogin), exim (authenticator failed), sendmail (AUTH failure), \
            UW-IMAP, solid-pop3d, perdition",
    services: &[
        Service {
            name: "dovecot",
            apps: &[
                "dovecot",
                "imap-login",
                "pop3-login",
                "managesieve-login",
                "submission-login",
                "auth",
                "auth-worker",
            ],
            rules: &DOVECOT,
        },
        Service { name: "postfix", apps: &["smtpd", "postfix"], rules: &POSTFIX },
        Service {
            name: "courier",
            apps: &["imapd", "pop3d", "imapd-ssl", "pop3d-ssl", "courier-imapd"],
            rules: &COURIER,
        },
        Service {
            name: "cyrus",
            apps: &["imap", "pop3", "imaps", "pop3s", "sieve", "timsieved", "lmtpunix"],
            rules: &CYRUS,
        },
        Service { name: "uw-imap", apps: &["imapd", "ipop3d", "ipop2d"], rules: &UWIMAP },
        Service { name: "exim", apps: &[], rules: &EXIM },
        Service { name: "sendmail", apps: &["sendmail", "sm-mta"], rules: &SENDMAIL },
        Service { name: "solid-pop3d", apps: &["solid-pop3d"], rules: &SOLID_POP3D },
        Service {
            name: "perdition",
            apps: &["perdition", "perdition.imap4", "perdition.imap4s", "perdition.pop3s"],
            rules: &PERDITION,
        },
    ],
};

static VSFTPD: [Rule; 2] = [
    Rule::fail(
        "FAIL LOGIN: Client",
        "password",
        r#"\[(?P<user>[^\]]*)\] FAIL LOGIN: Client "(?P<ip>[^"]+)""#,
    ),
    Rule::ok("OK LOGIN: Client", "password", r#"\[(?P<user>[^\]]*)\] OK LOGIN: Client "(?P<ip>[^"]+)""#),
];
static PROFTPD: [Rule; 4] = [
    Rule::fail(
        " - USER ",
        "password",
        r"^.*\(\S*\[(?P<ip>[^\]]+)\]\) - USER (?P<user>.*?)(?: \(Login failed\):|: no such user found)",
    ),
    Rule::ok(" - USER ", "password", r"^.*\(\S*\[(?P<ip>[^\]]+)\]\) - USER (?P<user>.*): Login successful"),
    Rule::echo(
        " - Maximum login attempts",
        "password",
        r"^.*\(\S*\[(?P<ip>[^\]]+)\]\) - Maximum login attempts",
    ),
    Rule::fail(
        " - SECURITY VIOLATION",
        "password",
        r"^.*\(\S*\[(?P<ip>[^\]]+)\]\) - SECURITY VIOLATION: (?P<user>\S+) login attempted",
    ),
];
static PUREFTPD: [Rule; 2] = [
    Rule::fail(
        "Authentication failed for user",
        "password",
        r"\(\S*@(?P<ip>[^)]+)\) \[WARNING\] Authentication failed for user \[(?P<user>.*)\]",
    ),
    Rule::ok(
        " is now logged in",
        "password",
        r"\(\S*@(?P<ip>[^)]+)\) \[INFO\] (?P<user>\S+) is now logged in",
    ),
];
static WUFTPD: [Rule; 2] = [
    Rule::fail("failed login from", "password", r"^failed login from (?:\S+ )?\[(?P<ip>[^\]]+)\]"),
    Rule::ok("FTP LOGIN FROM", "password", r"^FTP LOGIN FROM (?:\S+ )?\[(?P<ip>[^\]]+)\], (?P<user>\S+)"),
];

/// FTP servers.
pub static FTP: Family = Family {
    name: "ftp",
    about: "vsftpd (FAIL/OK LOGIN), proftpd (Login failed, no such user, Maximum login attempts), \
            pure-ftpd, wu-ftpd",
    services: &[
        Service { name: "vsftpd", apps: &[], rules: &VSFTPD },
        Service { name: "proftpd", apps: &["proftpd"], rules: &PROFTPD },
        Service { name: "pure-ftpd", apps: &["pure-ftpd"], rules: &PUREFTPD },
        Service { name: "wu-ftpd", apps: &["ftpd", "wu-ftpd", "in.ftpd"], rules: &WUFTPD },
    ],
};

static MYSQL: [Rule; 1] = [Rule::fail(
    "Access denied for user",
    "password",
    r"Access denied for user '(?P<user>.*)'@'(?P<ip>[^']*)'",
)];
static POSTGRES: [Rule; 1] = [Rule::fail(
    "authentication failed for user",
    "password",
    r#"(?:password|md5|scram-sha-256|ldap|pam) authentication failed for user "(?P<user>.*)""#,
)];
static MONGODB: [Rule; 1] = [Rule::fail(
    "authentication failed for",
    "",
    r"(?P<method>\S+) authentication failed for (?P<user>\S+) on \S+ from client (?P<ip>\[[^\]]+\]|[^\s:]+):(?P<port>\d+)",
)];
static MSSQL: [Rule; 1] = [Rule::fail(
    "Login failed for user",
    "password",
    r"^.*Login failed for user '(?P<user>.*)'\..*\[CLIENT: (?P<ip>[^\]]+)\]",
)];
static SLAPD: [Rule; 3] = [
    Rule::note("ACCEPT from IP=", r"conn=(?P<session>\d+) fd=\d+ ACCEPT from IP=(?P<ip>\S+?):(?P<port>\d+) "),
    Rule::note(" BIND dn=", r#"conn=(?P<session>\d+) op=\d+ BIND dn="(?P<user>[^"]+)" method=128"#),
    Rule::fail("RESULT tag=97 err=49", "simple", r"conn=(?P<session>\d+) op=\d+ RESULT tag=97 err=49 "),
];

/// Databases and directories.
pub static DB: Family = Family {
    name: "db",
    about: "MySQL/MariaDB (Access denied for user), PostgreSQL (password authentication failed), \
            MongoDB (authentication failed for), MSSQL (Login failed for user [CLIENT:]), \
            OpenLDAP slapd (BIND err=49, address and DN carried per conn=)",
    services: &[
        Service { name: "mysql", apps: &[], rules: &MYSQL },
        Service { name: "postgresql", apps: &[], rules: &POSTGRES },
        Service { name: "mongodb", apps: &[], rules: &MONGODB },
        Service { name: "mssql", apps: &[], rules: &MSSQL },
        Service { name: "slapd", apps: &["slapd"], rules: &SLAPD },
    ],
};

static OPENVPN: [Rule; 3] = [
    Rule::fail(
        "Auth Username/Password verification failed",
        "password",
        r"^(?:(?P<user>[^/\s]+)/)?(?:\[AF_INET6?\])?(?P<ip>[^\s\[]+):(?P<port>\d+) TLS Auth Error: Auth Username/Password verification failed",
    ),
    Rule::probe(
        "TLS handshake failed",
        r"^(?:\S+/)?(?:\[AF_INET6?\])?(?P<ip>[^\s\[]+):(?P<port>\d+) TLS Error: TLS handshake failed",
    ),
    Rule::ok(
        "Peer Connection Initiated",
        "certificate",
        r"^(?:\[AF_INET6?\])?(?P<ip>[^\s\[]+):(?P<port>\d+) \[(?P<user>[^\]]+)\] Peer Connection Initiated",
    ),
];
static SOFTETHER: [Rule; 1] = [Rule::fail(
    "User authentication failed. The user name",
    "password",
    r#"User authentication failed\. The user name that has been provided was "(?P<user>.*)", from (?P<ip>\S+?)\.?\s*$"#,
)];
static XRDP: [Rule; 2] = [
    Rule::fail(
        "AUTHFAIL: user=",
        "password",
        r"AUTHFAIL: user=(?P<user>\S+) ip=(?P<ip>\S+?)(?::(?P<port>\d+))? ",
    ),
    Rule::ok(
        "created session (access granted)",
        "password",
        r"created session \(access granted\): username (?P<user>\S+), ip (?P<ip>\S+?)(?::(?P<port>\d+))?(?: |$)",
    ),
];
static GUACAMOLE: [Rule; 2] = [
    Rule::fail(
        "Authentication attempt from",
        "password",
        r#"^.*Authentication attempt from \[?(?P<ip>[^,\]\s]+)[^"]*? for user "(?P<user>.*)" failed"#,
    ),
    Rule::ok(
        "successfully authenticated from",
        "password",
        r#"User "(?P<user>.*)" successfully authenticated from \[?(?P<ip>[^,\]\s]+)"#,
    ),
];

/// VPN and remote access.
pub static VPN: Family = Family {
    name: "vpn",
    about: "OpenVPN (Auth Username/Password verification failed, TLS handshake failed, Peer Connection \
            Initiated), SoftEther, xrdp (AUTHFAIL, access granted), Apache Guacamole",
    services: &[
        Service { name: "openvpn", apps: &["openvpn", "ovpn-server", "ovpn-client"], rules: &OPENVPN },
        Service { name: "softether", apps: &[], rules: &SOFTETHER },
        Service { name: "xrdp", apps: &[], rules: &XRDP },
        Service { name: "guacamole", apps: &[], rules: &GUACAMOLE },
    ],
};

static ASTERISK: [Rule; 2] = [
    Rule::fail(
        "' failed for '",
        "sip",
        r"(?:Registration|Request '[A-Z]+') from '(?:[^<']*<sips?:(?P<user>[^@>']*)@)?.*' failed for '(?P<ip>\[[^\]]+\]|[^':]+)(?::(?P<port>\d+))?'",
    ),
    Rule::fail(
        "SecurityEvent=\"",
        "sip",
        r#"SecurityEvent="(?:InvalidPassword|ChallengeResponseFailed|InvalidAccountID|FailedACL)".*?AccountID="(?P<user>[^"]*)".*?RemoteAddress="IPV[46]/[A-Z]+/(?P<ip>[^/"]+)/(?P<port>\d+)""#,
    ),
];
static FREESWITCH: [Rule; 1] = [Rule::fail(
    "SIP auth failure",
    "sip",
    r"SIP auth failure \((?P<method>[A-Z]+)\) on sofia profile '[^']*' for \[(?P<user>[^@\]]*)@[^\]]*\] from ip (?P<ip>\S+)",
)];

/// VoIP.
pub static VOIP: Family = Family {
    name: "voip",
    about:
        "Asterisk (chan_sip/pjsip Registration/Request failed, SecurityEvent), FreeSWITCH (SIP auth failure)",
    services: &[
        Service { name: "asterisk", apps: &[], rules: &ASTERISK },
        Service { name: "freeswitch", apps: &[], rules: &FREESWITCH },
    ],
};

static COWRIE: [Rule; 2] = [
    Rule::fail(
        "login attempt [",
        "password",
        r"\[[^,\]]+,\d+,(?P<ip>[^\]]+)\] login attempt \[(?:b')?(?P<user>[^/]*?)'?/.*\] failed\s*$",
    ),
    Rule::ok(
        "login attempt [",
        "password",
        r"\[[^,\]]+,\d+,(?P<ip>[^\]]+)\] login attempt \[(?:b')?(?P<user>[^/]*?)'?/.*\] succeeded\s*$",
    ),
];

/// Honeypots (text logs; cowrie's JSON events are read from their fields).
pub static HONEYPOT: Family = Family {
    name: "honeypot",
    about: "cowrie (login attempt [user/pass] failed|succeeded; cowrie.login.* JSON events)",
    services: &[Service { name: "cowrie", apps: &[], rules: &COWRIE }],
};

#[cfg(test)]
mod tests {
    use super::super::rules::expect;
    use super::super::{Outcome::*, Weight::*};

    const F: Option<super::super::Outcome> = Some(Failure);
    const S: Option<super::super::Outcome> = Some(Success);

    #[test]
    fn mail_daemons() {
        expect(
            "dovecot",
            "imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, TLS, session=<abc>",
            (F, Attempt, Some("bob"), Some("192.0.2.1"), None, "PLAIN"),
        );
        expect(
            "dovecot",
            "imap-login: Login: user=<bob>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, mpid=1234, TLS, session=<x>",
            (S, Attempt, Some("bob"), Some("192.0.2.1"), None, "PLAIN"),
        );
        expect(
            "dovecot",
            "auth-worker(1234): pam(bob,192.0.2.1,<sess>): pam_authenticate() failed: Authentication failure (password mismatch?)",
            (F, Echo, Some("bob"), Some("192.0.2.1"), None, ""),
        );
        expect(
            "postfix/submission/smtpd",
            "warning: unknown[192.0.2.2]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
            (F, Attempt, None, Some("192.0.2.2"), None, "LOGIN"),
        );
        expect(
            "postfix/smtpd",
            "warning: mail.example.com[2001:db8::9]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=carol",
            (F, Attempt, Some("carol"), Some("2001:db8::9"), None, "PLAIN"),
        );
        expect(
            "postfix/smtpd",
            "4F2B61234: client=host.example.com[192.0.2.3], sasl_method=PLAIN, sasl_username=dave",
            (S, Attempt, Some("dave"), Some("192.0.2.3"), None, "PLAIN"),
        );
        expect(
            "imapd",
            "LOGIN FAILED, user=erin, ip=[::ffff:192.0.2.4]",
            (F, Attempt, Some("erin"), Some("192.0.2.4"), None, ""),
        );
        expect(
            "imap",
            "badlogin: host.example.com [192.0.2.5] plaintext frank SASL(-13): authentication failure: checkpass failed",
            (F, Attempt, Some("frank"), Some("192.0.2.5"), None, "plaintext"),
        );
        expect(
            "ipop3d",
            "Login failed user=gina auth=gina host=host.example.com [192.0.2.6]",
            (F, Attempt, Some("gina"), Some("192.0.2.6"), None, "password"),
        );
        expect(
            "",
            "2024-03-03 12:00:01 plain authenticator failed for (ylmf-pc) [192.0.2.7]:4222: 535 Incorrect authentication data (set_id=hank)",
            (F, Attempt, Some("hank"), Some("192.0.2.7"), Some(4222), "plain"),
        );
        expect(
            "sm-mta",
            "x2B: AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=ivan, relay=host [192.0.2.8]",
            (F, Attempt, Some("ivan"), Some("192.0.2.8"), None, "LOGIN"),
        );
        expect(
            "solid-pop3d",
            "authentication failed: no such user: joe - 192.0.2.9",
            (F, Attempt, Some("joe"), Some("192.0.2.9"), None, "password"),
        );
        expect(
            "perdition.imap4s",
            r#"Auth: 192.0.2.10:50000->10.0.0.1:993 client-secure=ssl authorisation_id=NONE authentication_id="kim" server="localhost:143" protocol=IMAP4S server-secure=plaintext status="failed: Re-Authentication Failure""#,
            (F, Attempt, Some("kim"), Some("192.0.2.10"), Some(50000), "password"),
        );
    }

    #[test]
    fn ftp_daemons() {
        expect(
            "",
            r#"Sat Mar  2 12:00:01 2024 [pid 1234] [bob] FAIL LOGIN: Client "::ffff:192.0.2.20""#,
            (F, Attempt, Some("bob"), Some("192.0.2.20"), None, "password"),
        );
        expect(
            "vsftpd",
            r#"[bob] OK LOGIN: Client "192.0.2.21""#,
            (S, Attempt, Some("bob"), Some("192.0.2.21"), None, "password"),
        );
        expect(
            "proftpd",
            "host.example.com (192.0.2.22[192.0.2.22]) - USER admin (Login failed): Incorrect password",
            (F, Attempt, Some("admin"), Some("192.0.2.22"), None, "password"),
        );
        expect(
            "proftpd",
            "host.example.com (192.0.2.22[192.0.2.22]) - USER nobody: no such user found from 192.0.2.22 [192.0.2.22] to 10.0.0.1:21",
            (F, Attempt, Some("nobody"), Some("192.0.2.22"), None, "password"),
        );
        expect(
            "pure-ftpd",
            "(?@192.0.2.23) [WARNING] Authentication failed for user [carl]",
            (F, Attempt, Some("carl"), Some("192.0.2.23"), None, "password"),
        );
        expect(
            "ftpd",
            "failed login from host.example.com [192.0.2.24]",
            (F, Attempt, None, Some("192.0.2.24"), None, "password"),
        );
    }

    #[test]
    fn databases_and_directories() {
        expect(
            "",
            "2024-03-03T12:00:01.123456Z 12 [Note] [MY-010926] [Server] Access denied for user 'root'@'192.0.2.30' (using password: YES)",
            (F, Attempt, Some("root"), Some("192.0.2.30"), None, "password"),
        );
        expect(
            "",
            "Access denied for user 'x'@'10.0.0.1' (using password: YES)'@'192.0.2.31' (using password: YES)",
            (F, Attempt, Some("x'@'10.0.0.1' (using password: YES)"), Some("192.0.2.31"), None, "password"),
        );
        expect(
            "postgres",
            r#"FATAL:  password authentication failed for user "app""#,
            (F, Attempt, Some("app"), None, None, "password"),
        );
        expect(
            "",
            "I ACCESS [conn12] SCRAM-SHA-1 authentication failed for admin on admin from client 192.0.2.32:50000 ; UserNotFound: Could not find user",
            (F, Attempt, Some("admin"), Some("192.0.2.32"), Some(50000), "SCRAM-SHA-1"),
        );
        expect(
            "",
            "2024-03-03 12:00:01.12 Logon       Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 192.0.2.33]",
            (F, Attempt, Some("sa"), Some("192.0.2.33"), None, "password"),
        );
        expect(
            "slapd",
            "conn=1001 op=1 RESULT tag=97 err=49 text=",
            (F, Attempt, None, None, None, "simple"),
        );
        expect(
            "slapd",
            "conn=1001 fd=12 ACCEPT from IP=192.0.2.34:50000 (IP=0.0.0.0:389)",
            (None, Note, None, Some("192.0.2.34"), Some(50000), ""),
        );
    }

    #[test]
    fn vpn_and_remote_access() {
        expect(
            "openvpn",
            "192.0.2.40:50000 TLS Auth Error: Auth Username/Password verification failed for peer",
            (F, Attempt, None, Some("192.0.2.40"), Some(50000), "password"),
        );
        expect(
            "openvpn",
            "[AF_INET]192.0.2.41:1194 [client1] Peer Connection Initiated with [AF_INET]192.0.2.41:1194",
            (S, Attempt, Some("client1"), Some("192.0.2.41"), Some(1194), "certificate"),
        );
        expect(
            "",
            r#"Connection "CID-12": User authentication failed. The user name that has been provided was "bob", from 192.0.2.42."#,
            (F, Attempt, Some("bob"), Some("192.0.2.42"), None, "password"),
        );
        expect(
            "xrdp-sesman",
            "[INFO ] AUTHFAIL: user=admin ip=192.0.2.43 time=1709467201",
            (F, Attempt, Some("admin"), Some("192.0.2.43"), None, "password"),
        );
        expect(
            "",
            r#"12:00:01.123 [http-nio-8080-exec-1] WARN  o.a.g.r.auth.AuthenticationService - Authentication attempt from [192.0.2.44, 10.0.0.1] for user "guac" failed."#,
            (F, Attempt, Some("guac"), Some("192.0.2.44"), None, "password"),
        );
    }

    #[test]
    fn voip_and_honeypots() {
        expect(
            "",
            r#"[Mar  3 12:00:01] NOTICE[1234] chan_sip.c: Registration from '"100" <sip:100@192.0.2.10>' failed for '192.0.2.50:5060' - Wrong password"#,
            (F, Attempt, Some("100"), Some("192.0.2.50"), Some(5060), "sip"),
        );
        expect(
            "",
            r#"NOTICE[999] res_pjsip/pjsip_distributor.c: Request 'REGISTER' from '<sip:201@10.0.0.1>' failed for '192.0.2.51:5061' (callid: abc) - No matching endpoint found"#,
            (F, Attempt, Some("201"), Some("192.0.2.51"), Some(5061), "sip"),
        );
        expect(
            "",
            "2024-03-03 12:00:01.123456 [WARNING] sofia_reg.c:1755 SIP auth failure (REGISTER) on sofia profile 'internal' for [1001@192.0.2.10] from ip 192.0.2.52",
            (F, Attempt, Some("1001"), Some("192.0.2.52"), None, "REGISTER"),
        );
        expect(
            "",
            "2024-03-03T12:00:01.123456Z [HoneyPotSSHTransport,12,192.0.2.53] login attempt [b'root'/b'123456'] failed",
            (F, Attempt, Some("root"), Some("192.0.2.53"), None, "password"),
        );
        expect(
            "",
            "2024-03-03T12:00:02Z [HoneyPotSSHTransport,13,192.0.2.54] login attempt [root/x] failed] succeeded",
            (S, Attempt, Some("root"), Some("192.0.2.54"), None, "password"),
        );
    }
}
