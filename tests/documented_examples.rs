//! The Amazon S3 API Reference examples and the AWS General Reference IAM walkthrough.

mod common;

use awssig::{
    AmzDate, AuthHeaders, Credentials, Explanation, Payload, Request, Signer, SigningKey,
    SigningOptions,
};
use common::{Report, json, text};
use serde_json::Value;

fn credentials(inputs: &Value) -> Credentials {
    let c = &inputs["credentials"];
    Credentials::new(text(c, "access_key_id"), text(c, "secret_access_key")).unwrap()
}

fn query_string(inputs: &Value) -> String {
    inputs["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| match pair[1].as_str() {
            Some(value) => format!("{}={}", pair[0].as_str().unwrap(), value),
            None => pair[0].as_str().unwrap().to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn url(inputs: &Value) -> String {
    let scheme = inputs["scheme"].as_str().unwrap_or("https");
    let query = query_string(inputs);
    let separator = if query.is_empty() { "" } else { "?" };
    format!(
        "{scheme}://{}{}{separator}{query}",
        text(inputs, "host"),
        text(inputs, "path")
    )
}

fn headers(inputs: &Value) -> Vec<(String, String)> {
    inputs["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h[0].as_str().unwrap().to_string(),
                h[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn payload_bytes(inputs: &Value) -> Vec<u8> {
    let payload = &inputs["payload"];
    match text(payload, "kind") {
        "empty" => Vec::new(),
        "text" => text(payload, "text").as_bytes().to_vec(),
        other => panic!("unexpected payload kind {other}"),
    }
}

fn find_example<'a>(examples: &'a Value, id: &str) -> &'a Value {
    examples["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("example {id} missing"))
}

/// Header-signs an example's request with `options`, as its inputs say.
fn sign_example(inputs: &Value, options: SigningOptions) -> (AuthHeaders, Explanation) {
    let signer = Signer::new(
        credentials(inputs),
        text(inputs, "region"),
        text(inputs, "service"),
        options,
    )
    .unwrap();
    let url = url(inputs);
    let owned = headers(inputs);
    let borrowed: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let body = payload_bytes(inputs);
    let request = Request::new(text(inputs, "method"), &url)
        .unwrap()
        .with_headers(&borrowed)
        .with_payload(Payload::Bytes(&body));
    let time = AmzDate::parse(text(inputs, "time")).unwrap();
    signer.explain_sign(&request, time).unwrap()
}

#[test]
fn s3_documented_header_examples() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let examples = json(&vectors.join("s3-documented-examples.json"));
    let mut report = Report::default();
    for id in [
        "s3-get-object",
        "s3-put-object",
        "s3-get-bucket-lifecycle",
        "s3-list-objects",
    ] {
        let example = find_example(&examples, id);
        let inputs = &example["inputs"];
        let expected = &example["expected"];
        assert_eq!(inputs["service"], "s3");
        let (signed, explained) = sign_example(inputs, SigningOptions::s3());
        report.check(
            id,
            "canonical request",
            &explained.canonical_request,
            text(expected, "canonical_request"),
        );
        report.check(
            id,
            "string to sign",
            &explained.string_to_sign,
            text(expected, "string_to_sign"),
        );
        report.check(
            id,
            "signature",
            signed.signature(),
            text(expected, "signature"),
        );
        // The documentation writes the header without spaces after the commas; both forms are
        // accepted by S3.
        report.check(
            id,
            "authorization",
            &signed.authorization().replace(", ", ","),
            text(expected, "authorization_header"),
        );
        let content = signed
            .iter()
            .find(|(n, _)| *n == "x-amz-content-sha256")
            .map(|(_, v)| v);
        report.check(
            id,
            "x-amz-content-sha256",
            content.unwrap_or("(none)"),
            text(expected, "payload_hash"),
        );
    }
    report.finish("s3-documented-examples (header)", 4 * 5);
}

#[test]
fn s3_documented_presigned_url_is_byte_identical() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let examples = json(&vectors.join("s3-documented-examples.json"));
    let example = find_example(&examples, "s3-presigned-get-object");
    let inputs = &example["inputs"];
    let expected = &example["expected"];
    assert_eq!(text(&inputs["payload"], "kind"), "unsigned");
    let signer = Signer::new(
        credentials(inputs),
        text(inputs, "region"),
        "s3",
        SigningOptions::s3(),
    )
    .unwrap();
    let url = url(inputs);
    let request = Request::new(text(inputs, "method"), &url)
        .unwrap()
        .with_payload(Payload::Unsigned);
    let time = AmzDate::parse(text(inputs, "time")).unwrap();
    let (presigned, explained) = signer
        .explain_presign(&request, time, inputs["expires"].as_u64().unwrap())
        .unwrap();
    assert_eq!(
        explained.canonical_request,
        text(expected, "canonical_request")
    );
    assert_eq!(explained.string_to_sign, text(expected, "string_to_sign"));
    assert_eq!(presigned.signature(), text(expected, "signature"));
    assert_eq!(presigned.as_str(), text(expected, "url"));
    assert_eq!(presigned.expires_in(), 86400);
}

#[test]
fn iam_list_users_walkthrough() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let doc = json(&vectors.join("aws-general-reference-examples.json"));
    let example = &doc["examples"][0];
    assert_eq!(example["id"], "iam-list-users");
    let inputs = &example["inputs"];
    let expected = &example["expected"];
    let (signed, explained) = sign_example(inputs, SigningOptions::service());
    let time = AmzDate::parse(text(inputs, "time")).unwrap();
    let signer = Signer::new(
        credentials(inputs),
        text(inputs, "region"),
        text(inputs, "service"),
        SigningOptions::service(),
    )
    .unwrap();
    assert_eq!(
        explained.canonical_request,
        text(expected, "canonical_request")
    );
    assert_eq!(explained.string_to_sign, text(expected, "string_to_sign"));
    assert_eq!(signed.signature(), text(expected, "signature"));
    assert_eq!(
        signed.authorization(),
        text(expected, "authorization_header")
    );
    let key = SigningKey::derive(
        credentials(inputs).secret_key(),
        time.date(),
        "us-east-1",
        "iam",
    );
    assert_eq!(hex::encode(key.expose()), text(expected, "signing_key_hex"));
    assert_eq!(
        hex::encode(signer.signing_key(&time).expose()),
        text(expected, "signing_key_hex")
    );
}
