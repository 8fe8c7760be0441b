//! Every case of the AWS CRT signing suite (`aws-c-auth-v4`), in header and in query mode:
//! canonical request, string to sign and signature byte-identical to the files, and the signed
//! request carrying the same headers or query parameters.

mod common;

use awssig::{AmzDate, Payload, RawRequest, Signer, SigningOptions};
use common::{Report, case_dirs, decoded_query, read};
use std::path::Path;

struct Case {
    signer: Signer,
    time: AmzDate,
    expires: u64,
}

fn load_case(dir: &Path) -> Case {
    let context = common::suite_context(dir);
    let options = SigningOptions::service()
        .with_path_rules(context.rules)
        .with_session_token(context.token_mode)
        .with_content_sha256_header(context.sign_body);
    Case {
        signer: Signer::new(
            context.credentials,
            &context.region,
            &context.service,
            options,
        )
        .unwrap(),
        time: context.time,
        expires: context.expires,
    }
}

fn header_lines(raw: &RawRequest<'_>) -> Vec<(String, String)> {
    let mut lines: Vec<_> = raw
        .headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    lines.sort();
    lines
}

#[test]
fn aws_c_auth_v4_suite() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let suite = vectors.join("aws-c-auth-v4");
    let cases = case_dirs(&suite, Some("context.json"));
    assert_eq!(cases.len(), 38, "expected the 38 cases of aws-c-auth-v4");
    let mut report = Report::default();
    for (name, dir) in &cases {
        let case = load_case(dir);
        let request_text = read(&dir.join("request.txt"));
        let raw = match RawRequest::parse(&request_text) {
            Ok(raw) => raw,
            Err(e) => {
                report.fail(name, format!("request.txt does not parse: {e}"));
                continue;
            }
        };
        let request = match raw.to_request() {
            Ok(r) => r.with_payload(Payload::Bytes(raw.body.as_bytes())),
            Err(e) => {
                report.fail(name, format!("request.txt is refused: {e}"));
                continue;
            }
        };

        // Header mode.
        match case.signer.explain_sign(&request, case.time) {
            Err(e) => report.fail(name, format!("header signing failed: {e}")),
            Ok((signed, explained)) => {
                let file = |f: &str| read(&dir.join(f));
                report.check(
                    name,
                    "header canonical request",
                    &explained.canonical_request,
                    &file("header-canonical-request.txt"),
                );
                report.check(
                    name,
                    "header string to sign",
                    &explained.string_to_sign,
                    &file("header-string-to-sign.txt"),
                );
                report.check(
                    name,
                    "header signature",
                    signed.signature(),
                    &file("header-signature.txt"),
                );
                // The signed request: the original headers plus ours.
                let signed_text = file("header-signed-request.txt");
                let expected = RawRequest::parse(&signed_text).unwrap();
                let mut ours = raw.clone();
                let added: Vec<(String, String)> = signed
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect();
                ours.headers
                    .retain(|(n, _)| !added.iter().any(|(a, _)| a.eq_ignore_ascii_case(n)));
                ours.headers
                    .extend(added.iter().map(|(n, v)| (n.as_str(), v.as_str())));
                report.check(
                    name,
                    "header signed request headers",
                    &format!("{:?}", header_lines(&ours)),
                    &format!("{:?}", header_lines(&expected)),
                );
                report.check(
                    name,
                    "header signed request target",
                    ours.target,
                    expected.target,
                );
            }
        }

        // Query mode.
        match case
            .signer
            .explain_presign(&request, case.time, case.expires)
        {
            Err(e) => report.fail(name, format!("presigning failed: {e}")),
            Ok((url, explained)) => {
                let file = |f: &str| read(&dir.join(f));
                report.check(
                    name,
                    "query canonical request",
                    &explained.canonical_request,
                    &file("query-canonical-request.txt"),
                );
                report.check(
                    name,
                    "query string to sign",
                    &explained.string_to_sign,
                    &file("query-string-to-sign.txt"),
                );
                report.check(
                    name,
                    "query signature",
                    url.signature(),
                    &file("query-signature.txt"),
                );
                let signed_text = file("query-signed-request.txt");
                let expected = RawRequest::parse(&signed_text).unwrap();
                let (our_path, _) = url.as_str().split_once('?').unwrap();
                let (expected_path, _) = expected.target.split_once('?').unwrap();
                report.check(name, "presigned path", our_path, expected_path);
                report.check(
                    name,
                    "presigned query parameters",
                    &format!("{:?}", decoded_query(url.as_str())),
                    &format!("{:?}", decoded_query(expected.target)),
                );
            }
        }
    }
    report.finish("aws-c-auth-v4", 38 * 10);
}
