//! `Credentials::from_env`. Alone in its own test binary: changing the environment while
//! other threads read it is undefined behaviour, and this binary has one test.

use awssig::{Credentials, Error};

#[test]
fn from_env_reads_the_three_variables() {
    let set = |name: &str, value: Option<&str>| match value {
        // SAFETY: this test binary runs a single test on a single thread.
        Some(v) => unsafe { std::env::set_var(name, v) },
        None => unsafe { std::env::remove_var(name) },
    };
    set("AWS_ACCESS_KEY_ID", Some("AKIDENV"));
    set("AWS_SECRET_ACCESS_KEY", Some("secret/env+key"));
    set("AWS_SESSION_TOKEN", Some("token+/="));
    let creds = Credentials::from_env().unwrap();
    assert_eq!(creds.access_key_id(), "AKIDENV");
    assert_eq!(creds.secret_key().expose(), "secret/env+key");
    assert_eq!(creds.session_token(), Some("token+/="));

    set("AWS_SESSION_TOKEN", Some(""));
    assert_eq!(
        Credentials::from_env().unwrap().session_token(),
        None,
        "empty token is none"
    );
    set("AWS_SESSION_TOKEN", None);
    assert_eq!(Credentials::from_env().unwrap().session_token(), None);

    set("AWS_SECRET_ACCESS_KEY", None);
    assert_eq!(
        Credentials::from_env().unwrap_err(),
        Error::MissingEnvironment {
            variable: "AWS_SECRET_ACCESS_KEY"
        }
    );
    set("AWS_ACCESS_KEY_ID", Some(""));
    assert_eq!(
        Credentials::from_env().unwrap_err(),
        Error::MissingEnvironment {
            variable: "AWS_ACCESS_KEY_ID"
        }
    );
}
