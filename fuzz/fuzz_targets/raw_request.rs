//! The raw HTTP/1.1 request parser (CLI, tests): any text gives a request or a typed error.
#![no_main]

use awssig::{AmzDate, Credentials, RawRequest, Signer, SigningOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(raw) = RawRequest::parse(text) else { return };
    assert!(text.contains(raw.target));
    for (name, value) in &raw.headers {
        assert!(text.contains(name) && !name.contains('\n'));
        let _ = value;
    }
    let Ok(request) = raw.to_request() else { return };
    let signer = Signer::new(
        Credentials::new("AKIDEXAMPLE", "secret").unwrap(),
        "us-east-1",
        "service",
        SigningOptions::service(),
    )
    .unwrap();
    let _ = signer.sign(&request, AmzDate::parse("20150830T123600Z").unwrap());
});
