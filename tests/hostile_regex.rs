//! Hostile patterns (issue 9): a user's regular expression that would
//! compile to gigabytes is refused with a clear error naming the option,
//! and patterns that are exponential for backtracking engines run in linear
//! time on a long line (a backtracking engine would not finish this test).

use crate::util::{run, write};

#[test]
fn huge_regexes_are_refused_with_the_option_named() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "auth.log", b"Mar  3 12:00:00 web1 sshd[1]: Failed password for root\n");
    let huge = r"(\w{1000}){1000}";
    let cases: [(&[&str], &str); 4] = [
        (&["filter", "-e", huge], "-e"),
        (&["filter", "--field", "message~(a{1000}){1000}"], "--field"),
        (&["check", "--forbid", huge], "--forbid"),
        (&["check", "--require", huge], "--require"),
    ];
    for (args, option) in cases {
        let mut a = args.to_vec();
        a.push(&log);
        let r = run(&a);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {}", r.stderr);
        assert!(lines[0].contains(option) && lines[0].contains("size limit"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn catastrophic_backtracking_patterns_run_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = b"Mar  3 12:00:00 web1 app[1]: ".to_vec();
    data.extend(std::iter::repeat_n(b'a', 200_000));
    data.extend_from_slice(b"\nMar  3 12:00:01 web1 app[1]: aaab\n");
    let log = write(dir.path(), "redos.log", &data);
    for pattern in ["(a*)*b$", "(a|aa)+b$", "(\\w+\\s?)*b$"] {
        let r = run(&["filter", "-c", "-e", pattern, &log]);
        assert_eq!(r.code, 0, "{pattern}: {}", r.stderr);
        assert!(r.stdout.trim().ends_with(":1"), "{pattern}: only the short line matches: {}", r.stdout);
    }
}
