//! Realistic lines for every kind, and look-alikes that must stay.

use super::*;

fn run(opts: RedactOptions, line: &str) -> (String, Counts) {
    let r = Redactor::new(opts);
    let mut out = Vec::new();
    let mut counts = Counts::default();
    assert!(!r.redact(line.as_bytes(), &mut out, &mut counts));
    (String::from_utf8(out).unwrap(), counts)
}

fn red(line: &str) -> String {
    run(RedactOptions::default(), line).0
}

fn all() -> RedactOptions {
    RedactOptions { ip: true, users: true, ..RedactOptions::default() }
}

#[test]
fn secrets_in_key_value_json_and_urls() {
    let cases = [
        (
            "level=info msg=login user=bob password=hunter2 ok=1",
            "level=info msg=login user=bob password=[REDACTED:password] ok=1",
        ),
        (
            r#"{"ts":"2024-03-03T10:00:00Z","db_password":"p@ss w0rd\"x","level":"info"}"#,
            r#"{"ts":"2024-03-03T10:00:00Z","db_password":"[REDACTED:password]","level":"info"}"#,
        ),
        (
            "GET /cb?code=abc&access_token=ya29.a0AfH6SM&state=xyz HTTP/1.1",
            "GET /cb?code=abc&access_token=[REDACTED:token]&state=xyz HTTP/1.1",
        ),
        (
            "GET /v1/geo?apikey=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY HTTP/1.1",
            "GET /v1/geo?apikey=[REDACTED:api_key] HTTP/1.1",
        ),
        ("X-Api-Key: 8f14e45fceea167a5a36dedd4bea2543", "X-Api-Key: [REDACTED:api_key]"),
        (
            "client_secret='s3cr3t-value' grant=client_credentials",
            "client_secret='[REDACTED:secret]' grant=client_credentials",
        ),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key = [REDACTED:aws_secret_key]",
        ),
        (
            "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key=[REDACTED:aws_secret_key]",
        ),
        (
            r#""SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""#,
            r#""SecretAccessKey": "[REDACTED:aws_secret_key]""#,
        ),
        ("using key AKIAIOSFODNN7EXAMPLE for s3", "using key [REDACTED:aws_access_key_id] for s3"),
        (
            r#"msg="retry with password=\"s3cr3t\" failed""#,
            r#"msg="retry with password=\"[REDACTED:password]\" failed""#,
        ),
        (
            "Server=db1;Database=shop;User Id=app;Password=Sup3r$ecret;",
            "Server=db1;Database=shop;User Id=app;Password=[REDACTED:password];",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(red(line), want, "{line}");
    }
}

#[test]
fn credentials_in_urls_headers_and_tokens() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    let cases = [
        (
            "connecting to postgres://orders:Tr0ub4dor@db1.internal:5432/orders",
            "connecting to postgres://orders:[REDACTED:connection_string]@db1.internal:5432/orders",
        ),
        (
            "mongodb+srv://admin:hunter2@cluster0.example.net/test?retryWrites=true",
            "mongodb+srv://admin:[REDACTED:connection_string]@cluster0.example.net/test?retryWrites=true",
        ),
        ("redis://:topsecret@cache:6379/0", "redis://:[REDACTED:connection_string]@cache:6379/0"),
        (
            "fetch https://deploy:ghp_abc123@git.example.com/repo.git",
            "fetch https://deploy:[REDACTED:url_credentials]@git.example.com/repo.git",
        ),
        ("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Authorization: Basic [REDACTED:authorization]"),
        (
            r#"{"headers":{"authorization":"Bearer abc.def-ghi_123"}}"#,
            r#"{"headers":{"authorization":"Bearer [REDACTED:authorization]"}}"#,
        ),
        (
            "curl -H 'Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a'",
            "curl -H 'Authorization: token [REDACTED:authorization]'",
        ),
        (
            "upstream sent bearer mF_9.B5f-4.1JqM to auth",
            "upstream sent bearer [REDACTED:authorization] to auth",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(red(line), want, "{line}");
    }
    assert_eq!(red(&format!("session {jwt} accepted")), "session [REDACTED:jwt] accepted");
    let (out, c) = run(RedactOptions::default(), &format!("GET /a?id_token={jwt}"));
    assert_eq!(out, "GET /a?id_token=[REDACTED:token]");
    assert_eq!(c.total(), 1);
}

#[test]
fn private_key_blocks_keep_their_lines() {
    let text = "10:00 loading key\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\r\nQ2xp+abc==\n-----END RSA PRIVATE KEY-----\n10:01 done\n";
    let (out, c) = run(RedactOptions::default(), text);
    assert_eq!(
        out,
        "10:00 loading key\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private_key]\r\n[REDACTED:private_key]\n-----END RSA PRIVATE KEY-----\n10:01 done\n"
    );
    assert_eq!((c.get(Kind::PrivateKey), c.total()), (1, 1));
    let json = r#"{"key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n","x":1}"#;
    assert_eq!(
        red(json),
        r#"{"key":"-----BEGIN PRIVATE KEY-----\n[REDACTED:private_key]\n-----END PRIVATE KEY-----\n","x":1}"#
    );
    // A block cut by a chunk boundary: open at the end, closed by the next.
    let r = Redactor::new(RedactOptions::default());
    let (mut out, mut c) = (Vec::new(), Counts::default());
    assert!(r.redact(b"a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n", &mut out, &mut c));
    assert_eq!(out, b"a\n-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED:private_key]\n");
    let (rest, open) = close_open_block(b"AAAAB3NzaC1yc2E\n-----END OPENSSH PRIVATE KEY-----\nnext line\n");
    assert!(!open);
    assert_eq!(rest, b"[REDACTED:private_key]\n-----END OPENSSH PRIVATE KEY-----\nnext line\n");
}

#[test]
fn personal_data_emails_and_cards() {
    let cases = [
        ("order 8123 for alice.smith+shop@example.co.uk shipped", "order 8123 for [REDACTED:email] shipped"),
        (r#"{"email":"Bob@Example.com","plan":"pro"}"#, r#"{"email":"[REDACTED:email]","plan":"pro"}"#),
        ("charge card=4111111111111111 amount=12.00", "charge card=[REDACTED:card] amount=12.00"),
        ("card 5555 5555 5555 4444 declined", "card [REDACTED:card] declined"),
        ("amex 3782-822463-10005 ok", "amex [REDACTED:card] ok"),
    ];
    for (line, want) in cases {
        assert_eq!(red(line), want, "{line}");
    }
}

#[test]
fn look_alikes_stay_as_they_are() {
    for line in [
        // sudo's working directory, ssh's "Failed password", /etc/passwd.
        "Mar  3 10:16:05 web1 sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash",
        "Mar  3 10:12:05 web1 sshd[6187]: Failed password for root from 203.0.113.77 port 50122 ssh2",
        "audit: opened /etc/passwd read-only; password_changed=false tokens=5 max_tokens=100",
        // Order ids, epoch millis, Luhn-valid numbers without a card brand,
        // a brand prefix failing Luhn, a git SHA-1 and a UUID.
        "order_id=1709467200123 ts=1709467200123 ref=79927398713000 card_last4=4242 id=4111111111111112",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b request_id=8a2e4c71-0d3b-4f6a-b1e9-2c7d5f8a9b34",
        // user@host without a domain, a placeholder value, null tokens.
        "deploy@web1:~$ ls; password=*** token=null secret=\"\" api_key=- password= user=bob",
        // Free text mentioning the words, IPs (off by default), versions.
        "reset password link sent; token expired; Chrome/122.0.0.0 from 10.0.0.5",
        r#"{"msg":"auth ok","user":"alice","token_type":"bearer","expires_in":3600}"#,
    ] {
        assert_eq!(red(line), line, "{line}");
    }
}

#[test]
fn ips_and_users_on_request() {
    let line = "Mar  3 10:41:09 web1 sshd[7001]: Failed password for invalid user from 10.0.0.1 from 203.0.113.9 port 4242 ssh2";
    let (out, c) = run(all(), line);
    assert_eq!(out, "Mar  3 10:41:09 web1 sshd[7001]: Failed password for invalid user [REDACTED:user] from ip-REDACTED port 4242 ssh2");
    assert_eq!((c.get(Kind::User), c.get(Kind::Ip)), (1, 1));
    let cases = [
        ("sshd[1]: Accepted publickey for alice from 2001:db8::7 port 36219 ssh2: ED25519 SHA256:x", "sshd[1]: Accepted publickey for [REDACTED:user] from ip-REDACTED port 36219 ssh2: ED25519 SHA256:x"),
        ("sshd[2]: Invalid user admin from 198.51.100.23 port 5", "sshd[2]: Invalid user [REDACTED:user] from ip-REDACTED port 5"),
        ("sshd[3]: Connection closed by authenticating user root 203.0.113.77 port 22 [preauth]", "sshd[3]: Connection closed by authenticating user [REDACTED:user] ip-REDACTED port 22 [preauth]"),
        ("pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)", "pam_unix(sshd:session): session opened for user [REDACTED:user](uid=1000) by (uid=0)"),
        ("sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash", "sudo:   [REDACTED:user] : TTY=pts/0 ; PWD=/home/deploy ; USER=[REDACTED:user] ; COMMAND=/bin/bash"),
        (r#"{"user":"bob","ip":"192.0.2.10"}"#, r#"{"user":"[REDACTED:user]","ip":"ip-REDACTED"}"#),
        ("10:12:03 mac 00:1a:2b:3c:4d:5e v1.2.3.4.5 ok", "10:12:03 mac 00:1a:2b:3c:4d:5e v1.2.3.4.5 ok"),
    ];
    for (line, want) in cases {
        assert_eq!(run(all(), line).0, want, "{line}");
    }
}

#[test]
fn pseudonyms_are_stable_and_kept_kinds_stay() {
    let p = Pseudonymizer::new(b"k3y-for-the-tests-0123456789", vec![Kind::Ip, Kind::Email]).unwrap();
    let opts = RedactOptions { pseudonymize: Some(p.clone()), ..RedactOptions::default() };
    let (a, _) = run(opts.clone(), "from 203.0.113.77 to bob@example.com and 203.0.113.77 password=s3cret");
    let ip = p.token(Kind::Ip, b"203.0.113.77");
    let mail = p.token(Kind::Email, b"bob@example.com");
    assert_eq!(a, format!("from {ip} to {mail} and {ip} password=[REDACTED:password]"));
    let keep = RedactOptions { keep: vec![Kind::Email, Kind::Password], ..RedactOptions::default() };
    assert_eq!(
        run(keep, "bob@example.com password=x token=y").0,
        "bob@example.com password=x token=[REDACTED:token]"
    );
}

#[test]
fn bytes_that_are_not_utf8_pass_through() {
    let r = Redactor::new(RedactOptions::default());
    let (mut out, mut c) = (Vec::new(), Counts::default());
    r.redact(b"\xff\xfe password=\xc3\x28abc end\r\n\x00", &mut out, &mut c);
    assert_eq!(out, b"\xff\xfe password=[REDACTED:password] end\r\n\x00");
}
