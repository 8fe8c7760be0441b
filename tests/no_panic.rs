//! Arbitrary input through every entry point: `Ok` or a typed error, never a panic; and what
//! is signed is always well-formed.

use awssig::{AmzDate, Credentials, Payload, RawRequest, Request, Signer, SigningOptions};
use proptest::prelude::*;

fn signers() -> [Signer; 2] {
    let creds = || {
        Credentials::new("AKIDEXAMPLE", "secret")
            .unwrap()
            .with_session_token("tok+/=")
            .unwrap()
    };
    [
        Signer::new(creds(), "us-east-1", "s3", SigningOptions::s3()).unwrap(),
        Signer::new(creds(), "us-east-1", "service", SigningOptions::service()).unwrap(),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[ -~]{0,40}",
        "[a-zA-Z0-9%+=&?/.~ _-]{0,40}",
        "(/|\\.|\\.\\.|%2[eE]|%|\\+|=|&|a)*",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn signing_arbitrary_requests_never_panics(
        method in any_text(),
        host in "[a-z0-9.:-]{0,20}",
        target in any_text(),
        header_name in any_text(),
        header_value in any_text(),
        hash in any_text(),
        expires in any::<u64>(),
        seconds in any::<i64>(),
    ) {
        let url = format!("https://{host}{target}");
        let headers = [(header_name.as_str(), header_value.as_str()), ("x-amz-meta-a", " a  b ")];
        let time = time::OffsetDateTime::from_unix_timestamp(seconds % 253_402_300_799)
            .ok()
            .and_then(|t| AmzDate::new(t).ok())
            .unwrap_or_else(|| AmzDate::parse("20150830T123600Z").unwrap());
        for request in [Request::new(&method, &url), Request::from_target(&method, &host, &target)] {
            let Ok(request) = request else { continue };
            for payload in [Payload::Hash(&hash), Payload::Bytes(hash.as_bytes()), Payload::Unsigned] {
                let request = request.with_headers(&headers).with_payload(payload);
                for signer in signers() {
                    if let Ok((signed, explained)) = signer.explain_sign(&request, time) {
                        prop_assert_eq!(signed.signature().len(), 64);
                        prop_assert_eq!(explained.canonical_request.lines().count() >= 6, true);
                    }
                    if let Ok(url) = signer.presign(&request, time, expires) {
                        prop_assert!(url.as_str().ends_with(url.signature()));
                        prop_assert!((1..=604_800).contains(&url.expires_in()));
                    }
                }
            }
        }
    }

    #[test]
    fn parsing_arbitrary_raw_requests_never_panics(text in any_text(), more in any_text()) {
        let text = format!("{text}\n{more}:x\n {more}\n\n{text}");
        for candidate in [text.as_str(), more.as_str()] {
            if let Ok(raw) = RawRequest::parse(candidate) {
                let _ = raw.to_request().map(|r| signers()[1].sign(&r, AmzDate::parse("20150830T123600Z").unwrap()));
            }
        }
        let _ = AmzDate::parse(&text);
        let _ = Credentials::new(&text, &more).and_then(|c| c.with_session_token(&text));
    }
}
