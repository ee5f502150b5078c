//! Web servers' own authentication errors and web applications that log
//! failed logins. The client address often sits in the record's fields
//! (Apache/nginx error logs: `client_ip`), which [`super::extract`] uses
//! when the message itself has none.

use super::rules::{Family, Rule, Service};

static APACHE: [Rule; 3] = [
    Rule::fail("AH01617", "basic", r"AH01617: user (?P<user>.*): authentication failure for "),
    Rule::fail("AH01618", "basic", r"AH01618: user (?P<user>.*) not found"),
    Rule::fail("AH01790", "digest", r"AH01790: user `?(?P<user>[^`']*)'? in realm .* not found"),
];
static NGINX: [Rule; 3] = [
    Rule::probe(
        "no user/password was provided",
        r"no user/password was provided for basic authentication(?:, client: (?P<ip>[^,\s]+))?",
    ),
    Rule::fail(
        "was not found in",
        "basic",
        r#"^.*user "(?P<user>.*)" was not found in "[^"]*"(?:, client: (?P<ip>[^,\s]+))?"#,
    ),
    Rule::fail(
        "password mismatch",
        "basic",
        r#"^.*user "(?P<user>.*)": password mismatch(?:, client: (?P<ip>[^,\s]+))?"#,
    ),
];
static LIGHTTPD: [Rule; 2] = [
    Rule::fail(
        "password doesn't match for",
        "basic",
        r"password doesn't match for \S+ username: (?P<user>.*?),? IP: (?P<ip>\S+)\s*$",
    ),
    Rule::fail("get_password failed, IP: ", "basic", r"get_password failed, IP: (?P<ip>\S+)"),
];
static HAPROXY: [Rule; 1] =
    [Rule::fail(" 401 ", "basic", r"^(?P<ip>\[[^\]]+\]|[^\s\[]+):(?P<port>\d+) \[[^\]]+\] \S+ \S+ \S+ 401 ")];

/// Web servers and proxies.
pub static WEBSERVER: Family = Family {
    name: "webserver",
    about: "Apache auth_basic/digest (AH01617/AH01618/AH01790), nginx auth_basic (no user/password, \
            was not found, password mismatch), lighttpd mod_auth, HAProxy 401s, Traefik JSON access \
            logs, and 401/403/200 on login paths in any access log",
    services: &[
        Service { name: "apache", apps: &[], rules: &APACHE },
        Service { name: "nginx", apps: &[], rules: &NGINX },
        Service { name: "lighttpd", apps: &[], rules: &LIGHTTPD },
        Service { name: "haproxy", apps: &["haproxy"], rules: &HAPROXY },
    ],
};

static WORDPRESS: [Rule; 2] = [
    Rule::fail(
        " failure for ",
        "password",
        r"^(?:Authentication|XML-RPC authentication|Pingback|Blocked authentication attempt) failure for (?P<user>.*) from (?P<ip>\S+)\s*$",
    ),
    Rule::ok(
        "Accepted password for",
        "password",
        r"^Accepted password for (?P<user>.*) from (?P<ip>\S+)\s*$",
    ),
];
static DRUPAL: [Rule; 1] = [Rule::fail(
    "Login attempt failed",
    "password",
    r"\|user\|(?P<ip>[^|]+)\|.*\|Login attempt failed (?:for|from) (?P<user>.*?)\.?\s*$",
)];
static GITLAB: [Rule; 2] = [
    Rule::fail("Failed Login: ", "password", r"Failed Login: username=(?P<user>.*) ip=(?P<ip>\S+)\s*$"),
    Rule::ok(
        "Successful Login: ",
        "password",
        r"Successful Login: username=(?P<user>.*) ip=(?P<ip>\S+) method=",
    ),
];
static VAULTWARDEN: [Rule; 1] = [Rule::fail(
    "Username or password is incorrect",
    "password",
    r"Username or password is incorrect\. Try again\. IP: (?P<ip>\S+?)\. Username: (?P<user>.*?)\.?\s*$",
)];
static PROXMOX: [Rule; 1] = [Rule::fail(
    "authentication failure; rhost=",
    "password",
    r"^authentication failure; rhost=(?P<ip>\S+) user=(?P<user>\S+)",
)];
static WEBMIN: [Rule; 2] = [
    Rule::fail(
        "login as ",
        "password",
        r"^(?:Invalid|Non-existent) login as (?P<user>.*) from (?P<ip>\S+)\s*$",
    ),
    Rule::ok("login as ", "password", r"^Successful login as (?P<user>.*) from (?P<ip>\S+)\s*$"),
];
static PHPMYADMIN: [Rule; 1] =
    [Rule::fail("user denied: ", "password", r"user denied: (?P<user>.*) \([^)]*\) from (?P<ip>\S+)\s*$")];
static ROUNDCUBE: [Rule; 2] = [
    Rule::fail(
        "ogin failed for ",
        "password",
        r"^.*(?:Login failed|Failed login) for (?P<user>\S+) (?:against \S+ )?from (?P<ip>[0-9A-Fa-f.:]+?)\.?(?:\s|$)",
    ),
    Rule::ok(
        "Successful login for ",
        "password",
        r"^.*Successful login for (?P<user>\S+) \(ID: \d+\) from (?P<ip>[0-9A-Fa-f.:]+)",
    ),
];
static SOGO: [Rule; 2] = [
    Rule::fail(
        "might not have worked",
        "password",
        r"Login from '(?P<ip>[^']*)' for user '(?P<user>.*)' might not have worked",
    ),
    Rule::ok("' successful", "password", r"Login from '(?P<ip>[^']*)' for user '(?P<user>.*)' successful"),
];
static HORDE: [Rule; 2] = [
    Rule::fail("FAILED LOGIN for ", "password", r"^.*FAILED LOGIN for (?P<user>.*) \[(?P<ip>[^\]]+)\] to "),
    Rule::ok("Login success for ", "password", r"^.*Login success for (?P<user>.*) \[(?P<ip>[^\]]+)\] to "),
];
static ZONEMINDER: [Rule; 1] =
    [Rule::fail("Login denied for user", "password", r#"Login denied for user "(?P<user>[^"]*)""#)];
static MONIT: [Rule; 1] = [Rule::fail(
    " accessing monit httpd",
    "basic",
    r"Client '(?P<ip>[^']*)' supplied (?:wrong password for|unknown) user '(?P<user>.*)' accessing monit httpd",
)];

/// Web applications.
pub static WEBAPP: Family = Family {
    name: "webapp",
    about: "WordPress (WP fail2ban), Drupal, Grafana, GitLab, Vaultwarden/Bitwarden, Proxmox, Webmin, \
            phpMyAdmin, Roundcube, SOGo, Horde, ZoneMinder, Monit; JSON/logfmt login events \
            (event=login, outcome=failure, user=, ip=)",
    services: &[
        Service { name: "wordpress", apps: &[], rules: &WORDPRESS },
        Service { name: "drupal", apps: &[], rules: &DRUPAL },
        Service { name: "gitlab", apps: &[], rules: &GITLAB },
        Service { name: "vaultwarden", apps: &[], rules: &VAULTWARDEN },
        Service { name: "proxmox", apps: &["pvedaemon", "pveproxy"], rules: &PROXMOX },
        Service { name: "webmin", apps: &[], rules: &WEBMIN },
        Service { name: "phpmyadmin", apps: &[], rules: &PHPMYADMIN },
        Service { name: "roundcube", apps: &[], rules: &ROUNDCUBE },
        Service { name: "sogo", apps: &[], rules: &SOGO },
        Service { name: "horde", apps: &[], rules: &HORDE },
        Service { name: "zoneminder", apps: &[], rules: &ZONEMINDER },
        Service { name: "monit", apps: &[], rules: &MONIT },
    ],
};

#[cfg(test)]
mod tests {
    use super::super::rules::expect;
    use super::super::{Outcome, Outcome::*, Weight::*};

    const F: Option<Outcome> = Some(Failure);

    #[test]
    fn web_server_auth() {
        expect(
            "",
            r#"AH01617: user bob: authentication failure for "/admin": Password Mismatch"#,
            (F, Attempt, Some("bob"), None, None, "basic"),
        );
        expect("", "AH01618: user eve not found: /admin", (F, Attempt, Some("eve"), None, None, "basic"));
        expect(
            "",
            r#"*4 user "bob": password mismatch, client: 192.0.2.60, server: example.com, request: "GET /admin HTTP/1.1", host: "example.com""#,
            (F, Attempt, Some("bob"), Some("192.0.2.60"), None, "basic"),
        );
        expect(
            "",
            r#"*5 user "x" was not found in "/etc/nginx/.htpasswd", client: 192.0.2.61, server: example.com"#,
            (F, Attempt, Some("x"), Some("192.0.2.61"), None, "basic"),
        );
        expect(
            "",
            "*6 no user/password was provided for basic authentication, client: 192.0.2.62, server: example.com",
            (Some(Probe), Attempt, None, Some("192.0.2.62"), None, ""),
        );
        expect(
            "",
            "2024-03-03 12:00:01: (mod_auth.c.853) password doesn't match for /admin username: bob IP: 192.0.2.63",
            (F, Attempt, Some("bob"), Some("192.0.2.63"), None, "basic"),
        );
        expect(
            "haproxy",
            "192.0.2.64:50000 [03/Mar/2024:12:00:01.123] fe be/srv1 0/0/0/1/1 401 230 - - ---- 1/1/0/0/0 0/0 \"GET /admin HTTP/1.1\"",
            (F, Attempt, None, Some("192.0.2.64"), Some(50000), "basic"),
        );
    }

    #[test]
    fn web_applications() {
        expect(
            "wordpress(example.com)",
            "Authentication failure for admin from 192.0.2.70",
            (F, Attempt, Some("admin"), Some("192.0.2.70"), None, "password"),
        );
        expect(
            "drupal",
            "https://example.com|1709467201|user|192.0.2.71|https://example.com/user/login|https://example.com/user/login|0||Login attempt failed for bob.",
            (F, Attempt, Some("bob"), Some("192.0.2.71"), None, "password"),
        );
        expect(
            "",
            "Failed Login: username=root ip=192.0.2.72",
            (F, Attempt, Some("root"), Some("192.0.2.72"), None, "password"),
        );
        expect(
            "",
            "[2024-03-03 12:00:01.123][vaultwarden::api::identity][ERROR] Username or password is incorrect. Try again. IP: 192.0.2.73. Username: bob@example.com.",
            (F, Attempt, Some("bob@example.com"), Some("192.0.2.73"), None, "password"),
        );
        expect(
            "pvedaemon",
            "authentication failure; rhost=::ffff:192.0.2.74 user=root@pam msg=Authentication failure",
            (F, Attempt, Some("root@pam"), Some("192.0.2.74"), None, "password"),
        );
        expect(
            "perl",
            "Invalid login as admin from 192.0.2.75",
            (F, Attempt, Some("admin"), Some("192.0.2.75"), None, "password"),
        );
        expect(
            "phpMyAdmin",
            "user denied: root (mysql-denied) from 192.0.2.76",
            (F, Attempt, Some("root"), Some("192.0.2.76"), None, "password"),
        );
        expect(
            "",
            "[03-Mar-2024 12:00:01 +0000]: <abc123> IMAP Error: Login failed for bob against localhost from 192.0.2.77. AUTHENTICATE PLAIN: Authentication failed. in rcube_imap.php on line 200",
            (F, Attempt, Some("bob"), Some("192.0.2.77"), None, "password"),
        );
        expect(
            "sogod",
            "SOGoRootPage Login from '192.0.2.78' for user 'carol' might not have worked - password policy: 65535  grace: -1",
            (F, Attempt, Some("carol"), Some("192.0.2.78"), None, "password"),
        );
        expect(
            "",
            r#"HORDE: [horde] FAILED LOGIN for dave [192.0.2.79] to Horde [on line 163 of "/usr/share/horde/login.php"]"#,
            (F, Attempt, Some("dave"), Some("192.0.2.79"), None, "password"),
        );
        expect(
            "",
            r#"WAR [Login denied for user "admin"]"#,
            (F, Attempt, Some("admin"), None, None, "password"),
        );
        expect(
            "monit",
            "error    : Warning: Client '192.0.2.80' supplied wrong password for user 'admin' accessing monit httpd",
            (F, Attempt, Some("admin"), Some("192.0.2.80"), None, "basic"),
        );
    }
}
