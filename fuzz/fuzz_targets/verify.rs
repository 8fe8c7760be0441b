//! Arbitrary bytes as a received raw HTTP request, through the parser and the verifier (both
//! rule sets, both token modes): a typed rejection or acceptance, never a panic.
#![no_main]

use awssig::{
    AmzDate, Credentials, Payload, RawRequest, ReceivedRequest, SessionTokenMode, SigningOptions, Verifier,

};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(raw) = RawRequest::parse(text) else { return };
    let _ = raw.to_request();
    let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
    let now = AmzDate::parse("20150830T123600Z").unwrap();
    for (service, options) in [
        ("s3", SigningOptions::s3()),
        ("service", SigningOptions::service()),
        ("service", SigningOptions::service().with_session_token(SessionTokenMode::AfterSigning)),
    ] {
        let verifier = Verifier::new("us-east-1", service, options);
        for payload in [None, Some(Payload::Bytes(raw.body.as_bytes()))] {
            let mut received = ReceivedRequest::new(raw.method, raw.target).with_headers(&raw.headers);
            if let Some(payload) = payload {
                received = received.with_payload(payload);
            }
            let _ = verifier.verify(&received, now, |_| Some(creds.clone()));
        }
    }
});
