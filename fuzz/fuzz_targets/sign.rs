//! Arbitrary method, URL, query, headers, payload hash, token and time through header signing
//! and presigning under both rule sets: `Ok` or a typed error, never a panic.
#![no_main]

use awssig::{AmzDate, Credentials, PathRules, Payload, Request, SessionTokenMode, Signer, SigningOptions};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    method: &'a str,
    host: &'a str,
    target: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    payload_hash: &'a str,
    body: &'a [u8],
    token: &'a str,
    region: &'a str,
    seconds: i64,
    expires: u64,
    rules: u8,
}

fuzz_target!(|input: Input<'_>| {
    let Ok(mut creds) = Credentials::new("AKIDEXAMPLE", "secret") else { return };
    if let Ok(with_token) = creds.clone().with_session_token(input.token) {
        creds = with_token;
    }
    let options = match input.rules % 4 {
        0 => SigningOptions::s3(),
        1 => SigningOptions::service(),
        2 => SigningOptions::service().with_path_rules(PathRules::Unnormalized),
        _ => SigningOptions::service().with_session_token(SessionTokenMode::AfterSigning),
    };
    let Ok(signer) = Signer::new(creds, input.region, "service", options) else { return };
    let time = time::OffsetDateTime::from_unix_timestamp(input.seconds % 253_402_300_799)
        .map_or(AmzDate::parse("20150830T123600Z"), AmzDate::new);
    let Ok(time) = time else { return };
    let url = format!("https://{}{}", input.host, input.target);
    for request in [Request::new(input.method, &url), Request::from_target(input.method, input.host, input.target)] {
        let Ok(request) = request else { continue };
        for payload in [Payload::Hash(input.payload_hash), Payload::Bytes(input.body), Payload::Unsigned] {
            let request = request.with_headers(&input.headers).with_payload(payload);
            if let Ok(signed) = signer.sign(&request, time) {
                assert_eq!(signed.signature().len(), 64);
            }
            if let Ok(url) = signer.presign(&request, time, input.expires) {
                assert!(url.as_str().ends_with(url.signature()));
            }
        }
    }
});
