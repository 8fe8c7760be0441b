//! The verifier: every aws-c-auth v4 signed request verifies; each rejection reason is
//! reachable; random requests signed by awssig verify and any single change is rejected.

mod common;

use awssig::{
    AmzDate, Credentials, PathRules, Payload, RawRequest, ReceivedRequest, Rejection, Request,
    Signer, SigningOptions, Verifier,
};
use common::{case_dirs, read};
use proptest::prelude::*;
use time::Duration;

#[test]
fn every_aws_c_auth_signed_request_verifies() {
    let Some(vectors) = common::vectors() else {
        return;
    };
    let cases = case_dirs(&vectors.join("aws-c-auth-v4"), Some("context.json"));
    assert_eq!(cases.len(), 38);
    let mut failures = Vec::new();
    let mut verified = 0;
    for (name, dir) in &cases {
        let context = common::suite_context(dir);
        let creds = context.credentials;
        let options = SigningOptions::service()
            .with_path_rules(context.rules)
            .with_session_token(context.token_mode);
        let verifier = Verifier::new(&context.region, &context.service, options);
        let expires = context.expires as i64;
        let signed_at = context.time;
        for (file, window) in [
            ("header-signed-request.txt", 14 * 60),
            ("query-signed-request.txt", expires),
        ] {
            let signed = read(&dir.join(file));
            let raw = RawRequest::parse(&signed).unwrap();
            let received = ReceivedRequest::new(raw.method, raw.target)
                .with_headers(&raw.headers)
                .with_payload(Payload::Bytes(raw.body.as_bytes()));
            for offset in [0, window - 1] {
                let now = AmzDate::new(signed_at.time() + Duration::seconds(offset)).unwrap();
                match verifier.verify(&received, now, |id| {
                    (id == creds.access_key_id()).then(|| creds.clone())
                }) {
                    Ok(who) => {
                        assert_eq!(who.access_key_id, "AKIDEXAMPLE");
                        assert!(who.signed_headers.contains(&"host".to_string()));
                        verified += 1;
                    }
                    Err(reason) => failures.push(format!("{name} {file} at +{offset}s: {reason}")),
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rejected:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(verified, 38 * 4);
}

// ------------------------------------------------------------------------------------------
// One test per rejection reason, on requests awssig signs.

const KEY_ID: &str = "AKIDVERIFY";
const SECRET: &str = "verify/secret+KEY";
const TOKEN: &str = "session+token/==";
const HOST: &str = "bucket.s3.eu-west-1.amazonaws.com";

fn creds() -> Credentials {
    Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_session_token(TOKEN)
        .unwrap()
}

fn lookup(id: &str) -> Option<Credentials> {
    (id == KEY_ID).then(creds)
}

fn signed_at() -> AmzDate {
    AmzDate::parse("20240301T101500Z").unwrap()
}

fn verifier() -> Verifier {
    Verifier::new("eu-west-1", "s3", SigningOptions::s3())
}

/// A presigned target and the headers a client sends with it.
fn presigned(path_and_query: &str, expires: u64) -> String {
    let signer = Signer::new(creds(), "eu-west-1", "s3", SigningOptions::s3()).unwrap();
    let url = format!("https://{HOST}{path_and_query}");
    let request = Request::new("GET", &url)
        .unwrap()
        .with_payload(Payload::Unsigned);
    let presigned = signer.presign(&request, signed_at(), expires).unwrap();
    presigned
        .as_str()
        .strip_prefix(&format!("https://{HOST}"))
        .unwrap()
        .to_string()
}

/// Header auth: the headers of a signed PUT, host included.
fn header_signed(body: &[u8]) -> Vec<(String, String)> {
    let signer = Signer::new(creds(), "eu-west-1", "s3", SigningOptions::s3()).unwrap();
    let url = format!("https://{HOST}/key.txt");
    let extra = [("content-type", "text/plain")];
    let request = Request::new("PUT", &url)
        .unwrap()
        .with_headers(&extra)
        .with_payload(Payload::Bytes(body));
    let signed = signer.sign(&request, signed_at()).unwrap();
    let mut headers = vec![
        ("Host".to_string(), HOST.to_string()),
        ("Content-Type".into(), "text/plain".into()),
    ];
    headers.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    headers
}

fn verify_query(target: &str, now: AmzDate) -> Result<awssig::Authenticated, Rejection> {
    let headers = [("host", HOST)];
    verifier().verify(
        &ReceivedRequest::new("GET", target).with_headers(&headers),
        now,
        lookup,
    )
}

fn verify_headers(
    headers: &[(String, String)],
    body: &[u8],
    now: AmzDate,
) -> Result<awssig::Authenticated, Rejection> {
    let borrowed: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let received = ReceivedRequest::new("PUT", "/key.txt")
        .with_headers(&borrowed)
        .with_payload(Payload::Bytes(body));
    verifier().verify(&received, now, lookup)
}

fn remove_param(target: &str, name: &str) -> String {
    let prefix = format!("{name}=");
    target
        .split('&')
        .filter(|p| !p.starts_with(&prefix))
        .collect::<Vec<_>>()
        .join("&")
}

fn replace_param(target: &str, name: &str, value: &str) -> String {
    let (path, query) = target.split_once('?').unwrap();
    let pairs: Vec<String> = query
        .split('&')
        .map(|p| {
            if p.starts_with(&format!("{name}=")) {
                format!("{name}={value}")
            } else {
                p.to_string()
            }
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

fn set_header(headers: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            if n.eq_ignore_ascii_case(name) {
                (n.clone(), value.to_string())
            } else {
                (n.clone(), v.clone())
            }
        })
        .collect()
}

#[test]
fn valid_requests_are_accepted_with_what_was_authenticated() {
    let target = presigned("/photos/a%20b.jpg?versionId=3", 600);
    let who = verify_query(&target, signed_at()).unwrap();
    assert_eq!(who.access_key_id, KEY_ID);
    assert_eq!(
        (who.region.as_str(), who.service.as_str()),
        ("eu-west-1", "s3")
    );
    assert_eq!(who.signed_headers, ["host"]);
    assert_eq!(who.session_token.as_deref(), Some(TOKEN));
    assert_eq!(
        who.expires_at,
        Some(signed_at().time() + Duration::seconds(600))
    );
    assert!(!format!("{who:?}").contains(TOKEN));

    let headers = header_signed(b"hello");
    let who = verify_headers(&headers, b"hello", signed_at()).unwrap();
    assert_eq!(
        who.signed_headers,
        [
            "content-type",
            "host",
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-security-token"
        ]
    );
    assert_eq!(who.expires_at, None);
}

#[test]
fn each_rejection_reason() {
    let now = signed_at();
    let target = presigned("/k", 600);
    let headers = header_signed(b"hello");
    let expect = |result: Result<awssig::Authenticated, Rejection>, reason: Rejection| {
        assert_eq!(result.map(|_| ()), Err(reason.clone()), "{reason}");
    };

    expect(verify_query("/k", now), Rejection::MissingAuthentication);
    let mut both = headers.clone();
    both[0].1 = HOST.into();
    let both_target = target.clone();
    let borrowed: Vec<(&str, &str)> = both.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    expect(
        verifier().verify(
            &ReceivedRequest::new("GET", &both_target).with_headers(&borrowed),
            now,
            lookup,
        ),
        Rejection::AmbiguousAuthentication,
    );
    let without_date = remove_param(&target, "X-Amz-Date");
    expect(
        verify_query(&without_date, now),
        Rejection::MissingParameter("X-Amz-Date"),
    );
    expect(
        verify_query(&format!("{target}&X-Amz-Expires=60"), now),
        Rejection::DuplicateParameter("X-Amz-Expires"),
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-Credential", "AKIDVERIFY%2F20240301"),
            now,
        ),
        Rejection::Malformed("Credential"),
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-Algorithm", "AWS4-HMAC-SHA512"),
            now,
        ),
        Rejection::UnsupportedAlgorithm,
    );
    let scope = |date: &str, region: &str, service: &str, terminator: &str| {
        replace_param(
            &target,
            "X-Amz-Credential",
            &format!("{KEY_ID}%2F{date}%2F{region}%2F{service}%2F{terminator}"),
        )
    };
    expect(
        verify_query(&scope("20240302", "eu-west-1", "s3", "aws4_request"), now),
        Rejection::ScopeDateMismatch,
    );
    expect(
        verify_query(&scope("20240301", "us-east-1", "s3", "aws4_request"), now),
        Rejection::WrongRegion,
    );
    expect(
        verify_query(&scope("20240301", "eu-west-1", "sqs", "aws4_request"), now),
        Rejection::WrongService,
    );
    expect(
        verify_query(&scope("20240301", "eu-west-1", "s3", "aws5_request"), now),
        Rejection::WrongTerminator,
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-SignedHeaders", "x-amz-date"),
            now,
        ),
        Rejection::HostNotSigned,
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-SignedHeaders", "host%3Bcontent-type"),
            now,
        ),
        Rejection::Malformed("SignedHeaders"),
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-SignedHeaders", "content-type%3Bhost"),
            now,
        ),
        Rejection::SignedHeaderMissing("content-type".into()),
    );
    for expires in ["0", "604801", "-1", "1.5"] {
        expect(
            verify_query(&replace_param(&target, "X-Amz-Expires", expires), now),
            Rejection::InvalidExpires,
        );
    }
    let later = |seconds: i64| AmzDate::new(now.time() + Duration::seconds(seconds)).unwrap();
    expect(verify_query(&target, later(601)), Rejection::Expired);
    assert!(
        verify_query(&target, later(600)).is_ok(),
        "valid up to the last second"
    );
    expect(
        verify_query(&target, later(-16 * 60)),
        Rejection::DateInFuture,
    );
    assert!(
        verify_query(&target, later(-14 * 60)).is_ok(),
        "within the clock skew"
    );
    expect(
        verify_headers(&headers, b"hello", later(16 * 60)),
        Rejection::DateTooOld,
    );
    expect(
        verify_headers(&headers, b"hello", later(-16 * 60)),
        Rejection::DateInFuture,
    );
    expect(
        verify_query(&target.replace("AKIDVERIFY", "AKIDOTHER"), now),
        Rejection::UnknownAccessKey,
    );
    expect(
        verify_query(
            &replace_param(&target, "X-Amz-Security-Token", "another"),
            now,
        ),
        Rejection::SessionTokenMismatch,
    );
    let no_token = remove_param(&target, "X-Amz-Security-Token");
    expect(
        verify_query(&no_token, now),
        Rejection::SessionTokenMismatch,
    );
    let without_sha: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| n != "x-amz-content-sha256")
        .cloned()
        .collect();
    expect(
        verify_headers(&without_sha, b"hello", now),
        Rejection::MissingContentSha256,
    );
    expect(
        verify_headers(&headers, b"hellO", now),
        Rejection::ContentSha256Mismatch,
    );
    let service_verifier = Verifier::new(
        "eu-west-1",
        "s3",
        SigningOptions::service().with_path_rules(PathRules::S3),
    );
    let borrowed: Vec<(&str, &str)> = without_sha
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    expect(
        service_verifier.verify(
            &ReceivedRequest::new("PUT", "/key.txt").with_headers(&borrowed),
            now,
            lookup,
        ),
        Rejection::PayloadUnknown,
    );
    let flipped = {
        let (rest, signature) = target.rsplit_once("X-Amz-Signature=").unwrap();
        let mut signature = signature.to_string();
        let last = signature.pop().unwrap();
        signature.push(if last == '0' { '1' } else { '0' });
        format!("{rest}X-Amz-Signature={signature}")
    };
    expect(verify_query(&flipped, now), Rejection::SignatureMismatch);
    expect(
        verify_query(&replace_param(&target, "X-Amz-Signature", "abc"), now),
        Rejection::Malformed("Signature"),
    );
    let wrong_secret = |id: &str| {
        (id == KEY_ID).then(|| {
            Credentials::new(KEY_ID, "wrong")
                .unwrap()
                .with_session_token(TOKEN)
                .unwrap()
        })
    };
    let host = [("host", HOST)];
    expect(
        verifier().verify(
            &ReceivedRequest::new("GET", &target).with_headers(&host),
            now,
            wrong_secret,
        ),
        Rejection::SignatureMismatch,
    );
    let authorization = headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .unwrap()
        .1
        .clone();
    let mut twice = headers.clone();
    twice.push(("Authorization".into(), authorization.clone()));
    expect(
        verify_headers(&twice, b"hello", now),
        Rejection::DuplicateParameter("authorization"),
    );
    let doubled = authorization.replace(", Signature=", ", SignedHeaders=host, Signature=");
    expect(
        verify_headers(
            &set_header(&headers, "authorization", &doubled),
            b"hello",
            now,
        ),
        Rejection::DuplicateParameter("SignedHeaders"),
    );
    let no_signature = authorization
        .split(", Signature=")
        .next()
        .unwrap()
        .to_string();
    expect(
        verify_headers(
            &set_header(&headers, "authorization", &no_signature),
            b"hello",
            now,
        ),
        Rejection::MissingParameter("Signature"),
    );
    let no_date: Vec<(String, String)> = headers
        .iter()
        .filter(|(n, _)| n != "x-amz-date")
        .cloned()
        .collect();
    expect(
        verify_headers(&no_date, b"hello", now),
        Rejection::MissingParameter("x-amz-date"),
    );
    for reason in [
        Rejection::SignatureMismatch,
        Rejection::SessionTokenMismatch,
        Rejection::Malformed("x"),
    ] {
        assert!(!reason.to_string().is_empty());
    }
}

// ------------------------------------------------------------------------------------------
// Property: what awssig signs verifies; any single change is rejected, for the right reason.

#[derive(Debug, Clone)]
enum Change {
    Method,
    Path,
    QueryPair,
    SignedHeader,
    Signature,
    Date,
    Expiry,
    Token,
}

fn segment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ._~+%!$&'()*,;=:@é☕-]{1,12}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn signed_requests_verify_and_single_changes_are_rejected(
        s3 in any::<bool>(),
        query_mode in any::<bool>(),
        method in prop::sample::select(vec!["GET", "PUT", "POST", "DELETE", "HEAD"]),
        segments in prop::collection::vec(segment(), 1..4),
        pairs in prop::collection::vec(("[a-zA-Z0-9_.~+ -]{1,8}", "[a-zA-Z0-9_.~+ =/%-]{0,8}"), 1..4),
        header_value in "[a-zA-Z0-9 ,;=/+-]{1,20}",
        expires in 1u64..=604_800,
        change in prop::sample::select(vec![
            Change::Method, Change::Path, Change::QueryPair, Change::SignedHeader,
            Change::Signature, Change::Date, Change::Expiry, Change::Token,
        ]),
    ) {
        // The verifier takes the signer's own options.
        let (service, options) = if s3 {
            ("s3", SigningOptions::s3())
        } else {
            ("execute-api", SigningOptions::service().with_path_rules(PathRules::Unnormalized))
        };
        let signer = Signer::new(creds(), "eu-west-1", service, options.clone()).unwrap();
        let verifier = Verifier::new("eu-west-1", service, options);
        let path: String = segments.iter().map(|s| {
            format!("/{}", percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC))
        }).collect();
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!(
            "{}={}",
            percent_encoding::utf8_percent_encode(k, percent_encoding::NON_ALPHANUMERIC),
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC),
        )).collect();
        let target = format!("{path}?{}", query.join("&"));
        let url = format!("https://{HOST}{target}");
        let extra = [("x-amz-meta-note", header_value.as_str())];
        let body = b"payload";
        let request = Request::new(method, &url).unwrap().with_headers(&extra).with_payload(Payload::Bytes(body));
        let now = signed_at();

        // Signed as a client sends it: target and headers.
        let (mut target, mut headers): (String, Vec<(String, String)>) = if query_mode {
            let url = signer.presign(&request, now, expires).unwrap();
            (url.as_str().strip_prefix(&format!("https://{HOST}")).unwrap().to_string(),
             vec![("host".into(), HOST.into()), ("x-amz-meta-note".into(), header_value.clone())])
        } else {
            let signed = signer.sign(&request, now).unwrap();
            let mut headers = vec![("host".to_string(), HOST.to_string()), ("x-amz-meta-note".into(), header_value.clone())];
            headers.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
            (target.clone(), headers)
        };
        let mut method = method.to_string();
        let check = |method: &str, target: &str, headers: &[(String, String)]| {
            let borrowed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let received = ReceivedRequest::new(method, target).with_headers(&borrowed).with_payload(Payload::Bytes(body));
            verifier.verify(&received, now, lookup).map(|_| ())
        };
        prop_assert_eq!(check(&method, &target, &headers), Ok(()));

        let expected = match change {
            Change::Method => { method = if method == "GET" { "PUT".into() } else { "GET".into() }; Rejection::SignatureMismatch }
            Change::Path => { target = target.replacen('/', "/x", 1); Rejection::SignatureMismatch }
            Change::QueryPair => { target = target.replacen('?', "?zz=1&", 1); Rejection::SignatureMismatch }
            Change::SignedHeader => {
                for h in headers.iter_mut().filter(|(n, _)| n == "x-amz-meta-note") { h.1.push('!'); }
                Rejection::SignatureMismatch
            }
            Change::Signature => {
                if query_mode {
                    let (rest, signature) = target.rsplit_once("X-Amz-Signature=").unwrap();
                    let flipped: String = signature.chars().rev().collect();
                    prop_assume!(flipped != signature);
                    target = format!("{rest}X-Amz-Signature={flipped}");
                } else {
                    for h in headers.iter_mut().filter(|(n, _)| n == "authorization") {
                        let (rest, signature) = h.1.rsplit_once("Signature=").unwrap();
                        let flipped: String = signature.chars().rev().collect();
                        h.1 = format!("{rest}Signature={flipped}");
                    }
                }
                Rejection::SignatureMismatch
            }
            Change::Date => {
                let moved = AmzDate::new(now.time() + Duration::seconds(1)).unwrap();
                if query_mode {
                    target = target.replace(&format!("X-Amz-Date={}", now.as_str()), &format!("X-Amz-Date={}", moved.as_str()));
                } else {
                    for h in headers.iter_mut().filter(|(n, _)| n == "x-amz-date") { h.1 = moved.as_str().into(); }
                }
                Rejection::SignatureMismatch
            }
            Change::Expiry => {
                prop_assume!(query_mode);
                let other = if expires == 604_800 { expires - 1 } else { expires + 1 };
                target = target.replace(&format!("X-Amz-Expires={expires}&"), &format!("X-Amz-Expires={other}&"));
                Rejection::SignatureMismatch
            }
            Change::Token => {
                if query_mode {
                    target = target.replace("X-Amz-Security-Token=session", "X-Amz-Security-Token=Session");
                } else {
                    for h in headers.iter_mut().filter(|(n, _)| n == "x-amz-security-token") { h.1 = "other".into(); }
                }
                Rejection::SessionTokenMismatch
            }
        };
        prop_assert_eq!(check(&method, &target, &headers), Err(expected));
    }
}

/// Found by fuzz/roundtrip: header names with token characters that are not unreserved (`*`,
/// `|`) must be percent-encoded inside `X-Amz-SignedHeaders`, in the URL and in the canonical
/// query alike, or the server's canonical query differs.
#[test]
fn regression_signed_header_names_are_encoded_in_the_query() {
    for options in [SigningOptions::s3(), SigningOptions::service()] {
        let signer = Signer::new(creds(), "eu-west-1", "s3", options.clone()).unwrap();
        let extra = [("*", ""), ("X|Y", "v")];
        let request = Request::from_target("z", HOST, "")
            .unwrap()
            .with_headers(&extra);
        let (url, explained) = signer.explain_presign(&request, signed_at(), 255).unwrap();
        assert!(
            url.as_str()
                .contains("&X-Amz-SignedHeaders=%2A%3Bhost%3Bx%7Cy&"),
            "{}",
            url.as_str()
        );
        assert!(
            explained
                .canonical_request
                .contains("&X-Amz-SignedHeaders=%2A%3Bhost%3Bx%7Cy\n")
        );
        let headers = [("host", HOST), ("*", ""), ("X|Y", "v")];
        let received = ReceivedRequest::new("z", url.as_str())
            .with_headers(&headers)
            .with_payload(Payload::Bytes(b""));
        let verified =
            Verifier::new("eu-west-1", "s3", options).verify(&received, signed_at(), lookup);
        assert_eq!(verified.map(|_| ()), Ok(()));
    }
}

/// Header-signs `target` with non-S3 rules and verifies it as a server receives it.
fn header_signed_round_trip(
    method: &str,
    target: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> Result<(), Rejection> {
    let signer = Signer::new(creds(), "eu-west-1", "s3", SigningOptions::service()).unwrap();
    let request = Request::from_target(method, HOST, target)
        .unwrap()
        .with_headers(extra)
        .with_payload(Payload::Bytes(body));
    let signed = signer.sign(&request, signed_at()).unwrap();
    let mut headers = vec![("host", HOST)];
    headers.extend_from_slice(extra);
    headers.extend(signed.iter());
    let received = ReceivedRequest::new(method, target)
        .with_headers(&headers)
        .with_payload(Payload::Bytes(body));
    let verifier = Verifier::new("eu-west-1", "s3", SigningOptions::service());
    verifier.verify(&received, signed_at(), lookup).map(|_| ())
}

/// Found by fuzz/roundtrip: a query key that decodes to bytes that are not UTF-8 (`%a2`) is
/// signed byte for byte and must verify, not be refused as malformed.
#[test]
fn regression_non_utf8_query_keys_verify() {
    assert_eq!(header_signed_round_trip("*H", "?m%a2-au", &[], b""), Ok(()));
}

/// Found by fuzz/roundtrip: a header-signed request may carry an ordinary query parameter
/// named like an auth parameter (`X-Amz-Date`); only Algorithm, Credential or Signature make
/// it query authentication.
#[test]
fn regression_x_amz_named_query_parameters_in_header_auth() {
    let target = "/?X-Amz-Date&X-Amz-Expires=5&x=1";
    assert_eq!(header_signed_round_trip("GET", target, &[], b""), Ok(()));
    // With a signature in the query too, it is ambiguous.
    let signer = Signer::new(creds(), "eu-west-1", "s3", SigningOptions::service()).unwrap();
    let signed = signer
        .sign(
            &Request::from_target("GET", HOST, target).unwrap(),
            signed_at(),
        )
        .unwrap();
    let mut headers = vec![("host", HOST)];
    headers.extend(signed.iter());
    let both = format!("{target}&X-Amz-Signature=00");
    let received = ReceivedRequest::new("GET", &both)
        .with_headers(&headers)
        .with_payload(Payload::Bytes(b""));
    let verifier = Verifier::new("eu-west-1", "s3", SigningOptions::service());
    assert_eq!(
        verifier.verify(&received, signed_at(), lookup).map(|_| ()),
        Err(Rejection::AmbiguousAuthentication)
    );
}

/// Found by fuzz/roundtrip: ordinary query parameters of a header-signed request may repeat
/// auth-like names; duplicates matter only for query authentication.
#[test]
fn regression_repeated_x_amz_names_in_header_auth() {
    let target = "/?X-Amz-SignedHeaders&X-Amz-SignedHeaders=2";
    assert_eq!(header_signed_round_trip("GET", target, &[], b""), Ok(()));
}

/// Found by fuzz/roundtrip: a query carrying X-Amz-Signature (or Algorithm, Credential) is
/// query authentication to a server, so header signing refuses it rather than sign a request
/// that can never verify.
#[test]
fn regression_header_signing_refuses_query_auth_parameters() {
    let signer = Signer::new(creds(), "eu-west-1", "s3", SigningOptions::service()).unwrap();
    for target in [
        "/?X-Amz-Signature",
        "/?a=1&X-Amz-Credential=x",
        "/?X-Amz-%53ignature=1",
    ] {
        let request = Request::from_target("GET", HOST, target).unwrap();
        assert!(
            matches!(
                signer.sign(&request, signed_at()),
                Err(awssig::Error::InvalidUrl { .. })
            ),
            "{target}"
        );
        assert!(
            matches!(
                signer.presign(&request, signed_at(), 60),
                Err(awssig::Error::InvalidUrl { .. })
            ),
            "{target}"
        );
    }
}

/// Found by fuzz/roundtrip: for a non-S3 service, a caller's own `x-amz-content-sha256`
/// header is an ordinary signed header; the payload hash is the payload's.
#[test]
fn regression_content_sha256_header_of_other_services() {
    let extra = [("x-amz-content-sha256", "")];
    assert_eq!(
        header_signed_round_trip("POST", "/", &extra, b"body"),
        Ok(())
    );
}

#[test]
fn verifier_outputs_never_show_secrets() {
    let target = presigned("/k", 600);
    let who = verify_query(&target, signed_at()).unwrap();
    let wrong = verify_query(
        &replace_param(&target, "X-Amz-Security-Token", "other"),
        signed_at(),
    )
    .unwrap_err();
    let reasons = [
        Rejection::MissingAuthentication,
        Rejection::AmbiguousAuthentication,
        Rejection::MissingParameter("X-Amz-Date"),
        Rejection::DuplicateParameter("X-Amz-Date"),
        Rejection::Malformed("Credential"),
        Rejection::UnsupportedAlgorithm,
        Rejection::ScopeDateMismatch,
        Rejection::WrongRegion,
        Rejection::WrongService,
        Rejection::WrongTerminator,
        Rejection::HostNotSigned,
        Rejection::SignedHeaderMissing("x-amz-meta-a".into()),
        Rejection::InvalidExpires,
        Rejection::Expired,
        Rejection::DateInFuture,
        Rejection::DateTooOld,
        Rejection::UnknownAccessKey,
        Rejection::SessionTokenMismatch,
        Rejection::MissingContentSha256,
        Rejection::ContentSha256Mismatch,
        Rejection::PayloadUnknown,
        Rejection::SignatureMismatch,
        wrong,
    ];
    let mut shown = vec![format!("{who:?}"), format!("{:?}", verifier())];
    shown.extend(reasons.iter().map(|r| format!("{r} {r:?}")));
    let signature = target.rsplit_once("X-Amz-Signature=").unwrap().1;
    for text in shown {
        for secret in [SECRET, TOKEN, "session+token", signature] {
            assert!(!text.contains(secret), "{text} shows {secret}");
        }
    }
}
