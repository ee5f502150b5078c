//! The system's own gatekeepers: PAM (inside every program), sudo, su and
//! console/`login` sessions.
//!
//! PAM lines echo the program's own attempt line (`Failed password`, `3
//! incorrect password attempts`, `FAILED SU`), so they are [`Weight::Echo`]:
//! they count only when the program logged nothing else (a `gdm-password`
//! or `vsftpd` PAM failure). For sudo the user is the one who typed the
//! password; for su it is the account asked for (`user=root`).
//!
//! NOTE: `systemd-logind` `New session N of user U` lines repeat the login
//! that the program (sshd, login, gdm) already logged, so they are not
//! counted as successes of their own.

use super::rules::{Family, Rule, Service};
use super::{INVALID_USER, NOT_IN_SUDOERS};

#[cfg(test)]
use super::Weight;

/// PAM modules that log `authentication failure;` with `rhost=`/`user=`.
macro_rules! pam_mod {
    () => {
        r"pam_(?:unix|sss|ldap|winbind|krb5|userdb|systemd_home|tally2?|faillock)\((?P<svc>[^:)\s]+):auth\): "
    };
}

static PAM_RULES: [Rule; 6] = [
    Rule::echo(
        "authentication failure;",
        "password",
        concat!(pam_mod!(), r"authentication failure;.*?(?:\s|;)rhost=(?P<ip>\S*)(?:\s+user=(?P<user>\S+))?"),
    ),
    Rule::echo("user unknown", "password", concat!(pam_mod!(), r"check pass; user (?P<invalid>unknown)"))
        .with_flags(INVALID_USER),
    Rule::echo(
        "could not identify password",
        "password",
        concat!(pam_mod!(), r"auth could not identify password for \[(?P<user>[^\]]*)\]"),
    ),
    Rule::echo(
        "authentication failure; logname=",
        "password",
        r"^authentication failure; logname=\S* uid=\d+ euid=\d+ tty=\S* ruser=\S* rhost=(?P<ip>\S*)(?:\s+user=(?P<user>\S+))?",
    ),
    Rule::echo("check pass; user unknown", "password", r"^check pass; user (?P<invalid>unknown)")
        .with_flags(INVALID_USER),
    Rule::echo(
        "Consecutive login failures",
        "password",
        r"pam_faillock\((?P<svc>[^:)\s]+):auth\): Consecutive login failures for user (?P<user>\S+) account temporarily locked",
    ),
];

/// PAM, whichever program it runs in.
pub static PAM: Family = Family {
    name: "pam",
    about: "PAM (pam_unix/sss/ldap/winbind/krb5/faillock): authentication failure rhost= user=, \
            check pass; user unknown, could not identify password, faillock",
    services: &[Service { name: "pam", apps: &[], rules: &PAM_RULES }],
};

static SUDO_RULES: [Rule; 4] = [
    Rule::fail(
        "incorrect password attempt",
        "password",
        r"^\s*(?P<user>\S+) : (?P<n>\d+) incorrect password attempts? ;",
    ),
    Rule::fail("NOT in sudoers", "sudo", r"^\s*(?P<user>\S+) : user NOT in sudoers ;")
        .with_flags(NOT_IN_SUDOERS),
    Rule::fail("command not allowed", "sudo", r"^\s*(?P<user>\S+) : command not allowed ;")
        .with_flags(NOT_IN_SUDOERS),
    Rule::ok(" ; COMMAND=", "sudo", r"^\s*(?P<user>\S+) : TTY=\S* ; PWD=.* ; USER=\S+ ; (?:.* ; )?COMMAND="),
];

/// sudo.
pub static SUDO: Family = Family {
    name: "sudo",
    about: "sudo: N incorrect password attempts, user NOT in sudoers, command not allowed, TTY=..; COMMAND= (success)",
    services: &[Service { name: "sudo", apps: &["sudo"], rules: &SUDO_RULES }],
};

static SU_RULES: [Rule; 4] = [
    Rule::fail("FAILED SU", "password", r"^FAILED SU \(to (?P<user>\S+)\) \S+ on \S+"),
    Rule::fail("FAILED su for", "password", r"^FAILED su for (?P<user>\S+) by \S+"),
    Rule::ok("Successful su for", "password", r"^Successful su for (?P<user>\S+) by \S+"),
    Rule::ok("(to ", "password", r"^\(to (?P<user>\S+)\) \S+ on \S+"),
];

/// su (util-linux and shadow).
pub static SU: Family = Family {
    name: "su",
    about: "su: FAILED SU (to U), FAILED su for, Successful su for, (to U) X on TTY",
    services: &[Service { name: "su", apps: &["su"], rules: &SU_RULES }],
};

/// A tty rather than a remote host in `FROM`.
macro_rules! from_host {
    () => {
        r"(?:(?:/dev/)?(?:tty|pts|console|hvc|ttyS)\S*|(?P<ip>\S+))"
    };
}

static LOGIN_RULES: [Rule; 5] = [
    Rule::fail(
        "FAILED LOGIN",
        "password",
        concat!(r"^FAILED LOGIN \d+ FROM ", from_host!(), r" FOR (?P<user>.*), "),
    ),
    Rule::fail(
        "FAILED LOGIN",
        "password",
        r"^FAILED LOGIN \(\d+\) on '[^']*'(?: from '(?P<ip>[^']*)')? FOR '(?P<user>.*)', ",
    ),
    Rule::ok(
        "ROOT LOGIN",
        "password",
        r"^(?P<user>ROOT) LOGIN\s+ON '?[^'\s]+'?(?: FROM '?(?P<ip>[^'\s]+)'?)?",
    ),
    Rule::ok("ROOT LOGIN", "password", r"^(?P<user>ROOT) LOGIN\s+on '[^']*'(?: from '(?P<ip>[^']*)')?"),
    Rule::ok("LOGIN ON", "password", concat!(r"^LOGIN ON \S+ BY (?P<user>\S+)(?: FROM ", from_host!(), ")?")),
];

/// Console and telnet logins (`login`, util-linux and shadow).
pub static LOGIN: Family = Family {
    name: "login",
    about: "login: FAILED LOGIN (n) on TTY [from HOST] FOR U, ROOT LOGIN on TTY, LOGIN ON TTY BY U",
    services: &[Service { name: "login", apps: &["login"], rules: &LOGIN_RULES }],
};

#[cfg(test)]
mod tests {
    use super::super::rules::{expect, hit};
    use super::super::{Outcome::*, INVALID_USER, NOT_IN_SUDOERS};
    use super::Weight::*;

    #[test]
    fn pam_lines_in_any_program() {
        let f = Some(Failure);
        expect(
            "sshd",
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=52.80.34.196  user=root",
            (f, Echo, Some("root"), Some("52.80.34.196"), None, "password"),
        );
        let h = hit(
            "sshd",
            "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186 ",
        )
        .unwrap();
        assert_eq!((h.ip.as_deref(), h.user, h.service.as_ref()), (Some("173.234.31.186"), None, "sshd"));
        let h = hit("sshd", "pam_unix(sshd:auth): check pass; user unknown").unwrap();
        assert_eq!((h.weight, h.ip, h.flags & INVALID_USER), (Echo, None, INVALID_USER));
        let h = hit(
            "sudo",
            "pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=alice",
        )
        .unwrap();
        assert_eq!((h.user.as_deref(), h.ip, h.service.as_ref()), (Some("alice"), None, "sudo"));
        let h = hit(
            "gdm-password",
            "pam_sss(gdm-password:auth): authentication failure; logname= uid=0 euid=0 tty=:0 ruser= rhost= user=carol",
        )
        .unwrap();
        assert_eq!((h.user.as_deref(), h.service.as_ref()), (Some("carol"), "gdm-password"));
        expect(
            "vsftpd",
            "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=bob rhost=::ffff:192.0.2.30",
            (f, Echo, None, Some("192.0.2.30"), None, "password"),
        );
        // Old syslog tags: `sshd(pam_unix)[19937]: authentication failure; ...` (loghub Linux).
        let h = hit(
            "sshd",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ",
        )
        .unwrap();
        assert_eq!((h.weight, h.ip.as_deref()), (Echo, Some("218.188.2.4")));
        let h = hit(
            "sshd",
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=61.53.154.93  user=root",
        )
        .unwrap();
        assert_eq!(h.user.as_deref(), Some("root"));
        assert!(hit("sshd", "check pass; user unknown").is_some());
        assert!(
            hit("CRON", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)").is_none()
        );
        assert!(hit("sshd", "pam_unix(sshd:session): session closed for user alice").is_none());
    }

    #[test]
    fn sudo_forms() {
        let h = hit(
            "sudo",
            "   alice : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
        )
        .unwrap();
        assert_eq!((h.outcome, h.weight, h.n, h.user.as_deref()), (Some(Failure), Attempt, 3, Some("alice")));
        let h =
            hit("sudo", "mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh")
                .unwrap();
        assert_eq!((h.outcome, h.flags, h.user.as_deref()), (Some(Failure), NOT_IN_SUDOERS, Some("mallory")));
        expect(
            "sudo",
            "  deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash",
            (Some(Success), Attempt, Some("deploy"), None, None, "sudo"),
        );
        expect(
            "sudo",
            "bob : TTY=pts/1 ; PWD=/x ; USER=root ; ENV=A=1 ; COMMAND=/usr/bin/id",
            (Some(Success), Attempt, Some("bob"), None, None, "sudo"),
        );
        assert!(hit(
            "sudo",
            "pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1006)"
        )
        .is_none());
    }

    #[test]
    fn su_forms() {
        expect(
            "su",
            "FAILED SU (to root) alice on pts/1",
            (Some(Failure), Attempt, Some("root"), None, None, "password"),
        );
        expect(
            "su",
            "FAILED su for root by alice",
            (Some(Failure), Attempt, Some("root"), None, None, "password"),
        );
        expect(
            "su",
            "Successful su for root by alice",
            (Some(Success), Attempt, Some("root"), None, None, "password"),
        );
        expect(
            "su",
            "(to root) bob on pts/0",
            (Some(Success), Attempt, Some("root"), None, None, "password"),
        );
        assert!(
            hit("su", "pam_unix(su:session): session opened for user root(uid=0) by bob(uid=1001)").is_none()
        );
    }

    #[test]
    fn console_login_forms() {
        expect(
            "login",
            "FAILED LOGIN 1 FROM tty1 FOR root, Authentication failure",
            (Some(Failure), Attempt, Some("root"), None, None, "password"),
        );
        expect(
            "login",
            "FAILED LOGIN 2 FROM 192.0.2.70 FOR admin, Authentication failure",
            (Some(Failure), Attempt, Some("admin"), Some("192.0.2.70"), None, "password"),
        );
        expect(
            "login",
            "FAILED LOGIN (1) on '/dev/pts/3' from 'host.example.org' FOR 'guest', Authentication failure",
            (Some(Failure), Attempt, Some("guest"), Some("host.example.org"), None, "password"),
        );
        expect("login", "ROOT LOGIN ON tty1", (Some(Success), Attempt, Some("ROOT"), None, None, "password"));
        expect(
            "login",
            "ROOT LOGIN  on '/dev/tty2'",
            (Some(Success), Attempt, Some("ROOT"), None, None, "password"),
        );
        expect(
            "login",
            "LOGIN ON pts/4 BY carol FROM 192.0.2.71",
            (Some(Success), Attempt, Some("carol"), Some("192.0.2.71"), None, "password"),
        );
    }
}
