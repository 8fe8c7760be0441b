//! Presign, then verify what was presigned, and header-sign then verify: whatever awssig signs
//! must verify with the same credentials at the same instant.
#![no_main]

use awssig::{
    AmzDate, Credentials, Payload, ReceivedRequest, Request, Signer, SigningOptions, Verifier,

};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    method: &'a str,
    target: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    token: &'a str,
    body: &'a [u8],
    expires: u64,
    s3: bool,
}

const HOST: &str = "bucket.s3.us-east-1.amazonaws.com";

fuzz_target!(|input: Input<'_>| {
    let Ok(mut creds) = Credentials::new("AKIDEXAMPLE", "secret") else { return };
    if let Ok(with_token) = creds.clone().with_session_token(input.token) {
        creds = with_token;
    }
    let options = if input.s3 { SigningOptions::s3() } else { SigningOptions::service() };
    let signer = Signer::new(creds.clone(), "us-east-1", "s3", options.clone()).unwrap();
    let verifier = Verifier::new("us-east-1", "s3", options);
    let now = AmzDate::parse("20240101T000000Z").unwrap();
    let Ok(request) = Request::from_target(input.method, HOST, input.target) else { return };
    // Headers as a client would send them: one per name, host first.
    let mut headers: Vec<(&str, &str)> = vec![("host", HOST)];
    for &(name, value) in &input.headers {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            headers.push((name, value));
        }
    }
    let request = request.with_headers(&headers[1..]).with_payload(Payload::Bytes(input.body));
    let lookup = |id: &str| (id == "AKIDEXAMPLE").then(|| creds.clone());

    if let Ok(url) = signer.presign(&request, now, input.expires) {
        // A path normalized by the verifier differs only for non-S3 dot segments; both sides
        // use the same rules, so it must verify.
        let received = ReceivedRequest::new(input.method, url.as_str())
            .with_headers(&headers)
            .with_payload(Payload::Bytes(input.body));
        if let Err(reason) = verifier.verify(&received, now, lookup) {
            panic!("presigned {url:?} rejected: {reason}");
        }
    }
    if let Ok(signed) = signer.sign(&request, now) {
        let mut sent = headers.clone();
        sent.retain(|(n, _)| !signed.iter().any(|(s, _)| s.eq_ignore_ascii_case(n)));
        sent.extend(signed.iter());
        let received = ReceivedRequest::new(input.method, input.target)
            .with_headers(&sent)
            .with_payload(Payload::Bytes(input.body));
        if let Err(reason) = verifier.verify(&received, now, lookup) {
            panic!("header-signed {:?} rejected: {reason}", input.target);
        }
    }
});
