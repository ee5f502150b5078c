//! Evaluation on the loghub 2k samples (real logs of 16 systems), when they
//! are present beside the repository (`../shared/corpus/loghub`, or
//! `$LOGHUB_DIR`). Their licence allows research use only, so they are read
//! in place and never copied into this repository. Prints each system's
//! detected format and parse rate; asserts 100% where issue 2 requires it.

use std::path::PathBuf;

use crate::util::{root, run};

fn loghub_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LOGHUB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus/loghub"));
    dir.is_dir().then_some(dir)
}

#[test]
fn parse_rates_on_loghub_samples() {
    let Some(dir) = loghub_dir() else {
        eprintln!("loghub samples not present: skipped");
        return;
    };
    let systems = [
        "Android",
        "Apache",
        "BGL",
        "HDFS",
        "HPC",
        "Hadoop",
        "HealthApp",
        "Linux",
        "Mac",
        "OpenSSH",
        "OpenStack",
        "Proxifier",
        "Spark",
        "Thunderbird",
        "Windows",
        "Zookeeper",
    ];
    let mut report = String::from("\nsystem       format        parsed%  lines\n");
    let mut rates = std::collections::HashMap::new();
    for s in systems {
        let path = dir.join(s).join(format!("{s}_2k.log"));
        let r = run(&["detect", "--json", "--year", "2024", &path.to_string_lossy()]);
        assert_eq!(r.code, 0, "{s}: {}", r.stderr);
        let row = &r.json()[0];
        let pct = row["parsed_pct"].as_f64().unwrap();
        report.push_str(&format!(
            "{s:<12} {:<13} {pct:>7.2}  {}\n",
            row["format"].as_str().unwrap(),
            row["lines"]
        ));
        rates.insert(s, (row["format"].as_str().unwrap().to_string(), pct, row["lines"].as_u64().unwrap()));
    }
    eprintln!("{report}");
    for (s, format) in [("OpenSSH", "syslog"), ("Linux", "syslog"), ("Apache", "apache-error")] {
        let (f, pct, lines) = &rates[s];
        assert_eq!(f, format, "{s} detected as {f}");
        assert_eq!(*pct, 100.0, "{s} must parse completely");
        assert_eq!(*lines, 2000, "{s} has 2000 lines");
    }
}
