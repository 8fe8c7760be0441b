//! The `awssig` example, run as a user would.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn binary() -> PathBuf {
    common::example_binary("awssig")
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The README's first command, byte for byte the S3 documentation's presigned URL.
#[test]
fn readme_command_prints_the_documented_url() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --example awssig -- presign"))
        .expect("README gives the presign command");
    let args: Vec<&str> = command.split_whitespace().skip(5).collect();
    let output = run(&args, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let Some(vectors) = common::vectors() else {
        return;
    };
    let examples = common::json(&vectors.join("s3-documented-examples.json"));
    let documented = examples["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "s3-presigned-get-object")
        .unwrap()["expected"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(stdout(&output), format!("{documented}\n"));
    assert!(
        stderr(&output).contains("example credentials"),
        "says it used the example credentials"
    );
}

#[test]
fn bad_input_is_one_line_and_a_failure() {
    for args in [
        &["presign", "s3://examplebucket/test.txt", "--bogus"][..],
        &[
            "presign",
            "s3://examplebucket/test.txt",
            "--time",
            "yesterday",
        ],
        &["presign", "s3://examplebucket/test.txt", "--expires", "0"],
        &[
            "presign",
            "s3://examplebucket/test.txt",
            "--expires",
            "604801",
        ],
        &["presign", "s3://examplebucket/"],
        &["presign", "s3://examplebucket"],
        &["presign", "s3://Bad_Bucket/key"],
        &["presign", "s3://examplebucket/k", "--header", "no-colon"],
        &["presign", "--request", "/nonexistent/request.txt"],
        &["sign"],
    ] {
        let output = run(args, None);
        assert!(!output.status.success(), "{args:?} succeeded");
        let err = stderr(&output);
        let lines: Vec<&str> = err.lines().filter(|l| !l.contains("example")).collect();
        assert_eq!(lines.len(), 1, "{args:?}: one line expected, got {err:?}");
        assert!(lines[0].starts_with("awssig: "), "{args:?}: {err:?}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{args:?}: {err:?}"
        );
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn sign_and_presign_a_raw_request_from_stdin() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let case = vectors.join("aws-c-auth-v4/get-vanilla-with-session-token");
    let request = common::read(&case.join("request.txt"));
    let common_args = [
        "--service",
        "service",
        "--region",
        "us-east-1",
        "--time",
        common::SUITE_TIME,
        "--access-key",
        common::SUITE_KEY_ID,
        "--secret-key",
        common::SUITE_SECRET,
        "--session-token",
        "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
    ];
    let mut args = vec!["sign", "--request", "-"];
    args.extend(common_args);
    let output = run(&args, Some(&request));
    assert!(output.status.success(), "{}", stderr(&output));
    let signature = common::read(&case.join("header-signature.txt"));
    assert!(
        stdout(&output).contains(&format!("Signature={signature}")),
        "{}",
        stdout(&output)
    );

    let mut args = vec!["presign", "--request", "-", "--expires", "3600"];
    args.extend(common_args);
    let output = run(&args, Some(&request));
    assert!(output.status.success(), "{}", stderr(&output));
    let signature = common::read(&case.join("query-signature.txt"));
    assert!(stdout(&output).starts_with("https://example.amazonaws.com/?"));
    assert!(
        stdout(&output)
            .trim_end()
            .ends_with(&format!("X-Amz-Signature={signature}"))
    );

    args.push("--canonical");
    let output = run(&args, Some(&request));
    let expected = format!(
        "{}\n\n{}\n",
        common::read(&case.join("query-canonical-request.txt")),
        common::read(&case.join("query-string-to-sign.txt"))
    );
    assert_eq!(stdout(&output), expected);
}

/// The README's EC2 program is the example that `tests/ec2_presign.rs` runs.
#[test]
fn readme_ec2_program_is_the_tested_example() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let program = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ec2_presign.rs"
    ))
    .unwrap();
    assert!(readme.contains("## Presign on EC2 with an IAM role"));
    assert!(
        readme.contains(&format!("```rust,ignore\n{program}```")),
        "README shows examples/ec2_presign.rs verbatim"
    );
}

#[test]
fn verify_urls_and_requests() {
    let presigned = run(
        &[
            "presign",
            "s3://examplebucket/test.txt",
            "--expires",
            "86400",
        ],
        None,
    );
    let url = stdout(&presigned).trim().to_string();
    let ok = run(&["verify", &url], None);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(stdout(&ok), "valid\n");

    let tampered = format!(
        "{}{}",
        &url[..url.len() - 1],
        if url.ends_with('0') { '1' } else { '0' }
    );
    let rejected = run(&["verify", &tampered], None);
    assert_eq!(rejected.status.code(), Some(1));
    assert_eq!(stdout(&rejected), "rejected: signature does not match\n");

    let late = run(&["verify", &url, "--now", "20130525T000001Z"], None);
    assert_eq!(late.status.code(), Some(1));
    assert_eq!(stdout(&late), "rejected: request has expired\n");
    let other_region = run(&["verify", &url, "--region", "eu-west-1"], None);
    assert_eq!(
        stdout(&other_region),
        "rejected: credential scope has the wrong region\n"
    );

    let Some(vectors) = common::vectors() else {
        return;
    };
    let signed = common::read(
        &vectors.join("aws-c-auth-v4/post-x-www-form-urlencoded/header-signed-request.txt"),
    );
    let args = [
        "verify",
        "--request",
        "-",
        "--service",
        "service",
        "--now",
        "20150830T124000Z",
        "--access-key",
        common::SUITE_KEY_ID,
        "--secret-key",
        common::SUITE_SECRET,
    ];
    let output = run(&args, Some(&signed));
    assert_eq!(stdout(&output), "valid\n", "{}", stderr(&output));
    let altered = signed.replace("Param1=value1", "Param1=value2");
    let output = run(&args, Some(&altered));
    assert_eq!(
        stdout(&output),
        "rejected: x-amz-content-sha256 does not match the payload\n"
    );
}
