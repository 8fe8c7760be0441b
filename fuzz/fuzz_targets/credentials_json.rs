//! The credentials JSON parser (IMDS, ECS, credential_process): credentials or a typed error,
//! and an error never echoes the document.
#![no_main]

use awssig::Credentials;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match Credentials::from_json(text) {
        Ok(creds) => {
            let shown = format!("{creds:?}");
            assert!(!shown.contains(creds.secret_key().expose()) || creds.secret_key().expose().len() < 8);
        }
        Err(error) => {
            // A secret in the document never shows in the error.
            let shown = format!("{error} {error:?}");
            if let Some(start) = text.find("\"SecretAccessKey\":\"") {
                let secret = text[start + 19..].split('"').next().unwrap_or_default();
                assert!(secret.len() < 8 || !shown.contains(secret), "{shown}");
            }
        }
    }
});
