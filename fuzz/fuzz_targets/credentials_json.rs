//! The credentials JSON parser (IMDS, ECS, credential_process): credentials or a typed error,
//! and neither the error nor the credentials' `Debug` ever shows the secret.
#![no_main]

use awssig::Credentials;
use libfuzzer_sys::fuzz_target;

const SECRET_FIELD: &str = "\"SecretAccessKey\":\"";
/// Stands in for the document's secret. The fuzzer's own text cannot be the probe: a secret
/// such as "credential source" is legitimately part of a fixed error message, and one equal to
/// the access key id is legitimately in `Debug`.
const CANARY: &str = "Canary-Secret-5f9e2d7c";

fuzz_target!(|text: &str| {
    let _ = Credentials::from_json(text).map(|creds| format!("{creds:?}"));

    let Some(start) = text.find(SECRET_FIELD) else {
        return;
    };
    if text.contains(CANARY) {
        return; // the canary would not tell the secret from the rest of the document
    }
    let value = start + SECRET_FIELD.len();
    let end = text[value..]
        .find('"')
        .map_or(text.len(), |length| value + length);
    let document = format!("{}{CANARY}{}", &text[..value], &text[end..]);
    let shown = match Credentials::from_json(&document) {
        Ok(creds) => format!("{creds:?}"),
        Err(error) => format!("{error} {error:?}"),
    };
    assert!(!shown.contains(CANARY), "{shown}");
});
