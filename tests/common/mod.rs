//! Shared test helpers: where the AWS vectors are, and reading them.
#![allow(dead_code)]

pub mod s3s;

use std::path::{Path, PathBuf};

use awssig::{AmzDate, Credentials};

/// The vectors folder: `AWSSIG_VECTORS`, else `../shared/vectors` beside the crate.
/// Missing vectors fail the test when `CI` is set, and skip it (loudly) otherwise.
pub fn vectors() -> Option<PathBuf> {
    let dir = std::env::var_os("AWSSIG_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"));
    if dir.join("README.md").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "test vectors not found at {} (set AWSSIG_VECTORS); CI must not skip them",
            dir.display()
        );
    }
    eprintln!("SKIPPED: test vectors not found at {}", dir.display());
    None
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn text<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("missing string field {key} in {value}"))
}

/// The AWS test suites' credentials and time.
pub const SUITE_KEY_ID: &str = "AKIDEXAMPLE";
pub const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const SUITE_TIME: &str = "20150830T123600Z";

pub fn suite_credentials() -> Credentials {
    Credentials::new(SUITE_KEY_ID, SUITE_SECRET).unwrap()
}

pub fn suite_time() -> AmzDate {
    AmzDate::parse(SUITE_TIME).unwrap()
}

/// Case directories under `dir` (those holding a file named `marker` or `<name>.req`),
/// recursively, sorted, with names relative to `dir`.
pub fn case_dirs(dir: &Path, marker: Option<&str>) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_dir() {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let is_case = match marker {
                Some(m) => path.join(m).is_file(),
                None => path.join(format!("{name}.req")).is_file(),
            };
            if is_case {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.push((relative, path.clone()));
            }
            stack.push(path);
        }
    }
    found.sort();
    found
}

/// Query pairs of a target, percent-decoded (`+` as space), sorted: equal for two URLs that a
/// server reads as the same parameters, whatever their order or encoding.
pub fn decoded_query(target: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let decode = |s: &str| -> Vec<u8> {
        let spaced = s.replace('+', " ");
        percent_decode(spaced.as_bytes())
    };
    let mut pairs: Vec<_> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

fn percent_decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Collects failures by case name, and reports them all at once.
#[derive(Default)]
pub struct Report {
    pub checked: usize,
    pub failures: Vec<String>,
}

impl Report {
    pub fn check(&mut self, case: &str, what: &str, actual: &str, expected: &str) {
        self.checked += 1;
        if actual != expected {
            self.failures.push(format!(
                "{case}: {what} differs\n--- expected\n{expected}\n--- actual\n{actual}\n"
            ));
        }
    }

    pub fn fail(&mut self, case: &str, message: impl std::fmt::Display) {
        self.failures.push(format!("{case}: {message}"));
    }

    pub fn finish(self, suite: &str, expected_checks: usize) {
        assert!(
            self.failures.is_empty(),
            "{suite}: {} failure(s):\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            self.checked >= expected_checks,
            "{suite}: only {} checks ran, expected at least {expected_checks}",
            self.checked
        );
        println!("{suite}: {} checks passed", self.checked);
    }
}

/// The path of example `name`, built by `cargo test` (or now, when a single test was asked for).
pub fn example_binary(name: &str) -> PathBuf {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let path = deps.parent().unwrap().join("examples").join(file);
    if !path.is_file() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--all-features", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "building example {name}");
    }
    assert!(
        path.is_file(),
        "example binary not built at {}",
        path.display()
    );
    path
}

/// The signing context of an aws-c-auth case (`context.json`).
pub struct SuiteContext {
    pub credentials: Credentials,
    pub rules: awssig::PathRules,
    pub token_mode: awssig::SessionTokenMode,
    pub sign_body: bool,
    pub region: String,
    pub service: String,
    pub time: AmzDate,
    pub expires: u64,
}

pub fn suite_context(dir: &Path) -> SuiteContext {
    let context = json(&dir.join("context.json"));
    let creds = &context["credentials"];
    let mut credentials = Credentials::new(
        text(creds, "access_key_id"),
        text(creds, "secret_access_key"),
    )
    .unwrap();
    if let Some(token) = creds["token"].as_str() {
        credentials = credentials.with_session_token(token).unwrap();
    }
    let timestamp = time::OffsetDateTime::parse(
        text(&context, "timestamp"),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    SuiteContext {
        credentials,
        rules: if context["normalize"].as_bool().unwrap() {
            awssig::PathRules::Normalized
        } else {
            awssig::PathRules::Unnormalized
        },
        token_mode: if context["omit_session_token"].as_bool().unwrap_or(false) {
            awssig::SessionTokenMode::AfterSigning
        } else {
            awssig::SessionTokenMode::Signed
        },
        sign_body: context["sign_body"].as_bool().unwrap(),
        region: text(&context, "region").into(),
        service: text(&context, "service").into(),
        time: AmzDate::new(timestamp).unwrap(),
        expires: context["expiration_in_seconds"].as_u64().unwrap(),
    }
}
