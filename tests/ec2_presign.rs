//! The README's "Presign on EC2 with an IAM role" program end to end: a fake instance metadata
//! service on 127.0.0.1 hands out temporary credentials, the program prints a URL, and the
//! S3-compatible server accepts it.
#![cfg(feature = "json")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::mpsc;

use common::s3s::{
    ACCESS_KEY, BUCKET, SECRET_KEY, create_bucket, presign, send, signer, start_server,
};

const IMDS_TOKEN: &str = "AQAEAimds-session-token==";
const ROLE: &str = "web-role";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjE+role/session==";

/// Serves the three IMDSv2 exchanges once each; reports each request's head.
fn fake_imds(expiration: &str) -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let json = format!(
        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET_KEY}","Token":"{SESSION_TOKEN}","Expiration":"{expiration}"}}"#
    );
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(3) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let request_line = head.lines().next().unwrap_or_default().to_string();
            let authorized = head.contains(&format!("X-aws-ec2-metadata-token: {IMDS_TOKEN}"));
            let body = match request_line.as_str() {
                "PUT /latest/api/token HTTP/1.1"
                    if head.contains("X-aws-ec2-metadata-token-ttl-seconds: 21600") =>
                {
                    IMDS_TOKEN.to_string()
                }
                "GET /latest/meta-data/iam/security-credentials/ HTTP/1.1" if authorized => {
                    format!("{ROLE}\n")
                }
                "GET /latest/meta-data/iam/security-credentials/web-role HTTP/1.1"
                    if authorized =>
                {
                    json.clone()
                }
                _ => String::new(),
            };
            let status = if body.is_empty() {
                "401 Unauthorized"
            } else {
                "200 OK"
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).unwrap();
            tx.send(head).unwrap();
        }
    });
    (port, rx)
}

#[test]
fn presign_on_ec2_with_an_iam_role() {
    let Some(server) = start_server() else { return };
    create_bucket(&server);
    let uploader = signer(SECRET_KEY, None);
    let body = b"shared with a browser";
    let put = send(
        "PUT",
        &presign(&uploader, &server, "PUT", "report.pdf", 300),
        &[],
        body,
    );
    assert_eq!(put.status, 200);

    // The role's credentials expire in ten minutes: the hour asked for is clamped.
    let expiration = time::OffsetDateTime::now_utc() + time::Duration::minutes(10);
    let expiration_text = expiration
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (imds_port, requests) = fake_imds(&expiration_text);
    let output = Command::new(common::example_binary("ec2_presign"))
        .args([BUCKET, "report.pdf", "us-east-1", "3600"])
        .env(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            format!("http://127.0.0.1:{imds_port}"),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let heads: Vec<String> = requests.try_iter().collect();
    assert_eq!(heads.len(), 3, "token, role name, credentials: {heads:?}");

    let url = stdout.trim();
    assert!(
        url.starts_with(&format!("https://{BUCKET}.s3.amazonaws.com/report.pdf?")),
        "{url}"
    );
    assert!(url.contains("X-Amz-Security-Token=IQoJb3JpZ2luX2VjE%2Brole%2Fsession%3D%3D"));
    let expires: u64 = url
        .split("X-Amz-Expires=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (590..=600).contains(&expires),
        "clamped to the credentials' life: {expires}"
    );
    assert!(
        stderr.contains(&format!("valid for {expires} s")),
        "{stderr}"
    );
    for output in [&stdout, &stderr] {
        assert!(
            !output.contains(SECRET_KEY),
            "the secret never leaves the process"
        );
    }

    // The S3 server accepts the URL. It signs host `BUCKET.s3.amazonaws.com`; s3s-fs is
    // told that domain, so the request goes to 127.0.0.1 with that Host header.
    let target = url
        .strip_prefix(&format!("https://{BUCKET}.s3.amazonaws.com"))
        .unwrap();
    let get = common::s3s::send_with_host(
        &server,
        &format!("{BUCKET}.s3.amazonaws.com"),
        "GET",
        target,
    );
    assert_eq!(get.status, 200, "{}", String::from_utf8_lossy(&get.body));
    assert_eq!(get.body, body);
}
