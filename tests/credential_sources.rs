//! Credentials from IMDS, ECS and credential_process JSON, and the IMDSv2 requests as data.

use awssig::{Error, imds};

#[test]
fn imds_v2_requests_as_data() {
    let token = imds::token_request(imds::ENDPOINT, 21600);
    assert_eq!(token.method, "PUT");
    assert_eq!(token.url, "http://169.254.169.254/latest/api/token");
    assert_eq!(
        token.headers,
        [("X-aws-ec2-metadata-token-ttl-seconds", "21600".to_string())]
    );
    assert_eq!(imds::token_request(imds::ENDPOINT, 0).headers[0].1, "1");
    assert_eq!(
        imds::token_request(imds::ENDPOINT, u32::MAX).headers[0].1,
        "21600"
    );

    let role = imds::role_name_request(imds::ENDPOINT, "AQAEAtoken==").unwrap();
    assert_eq!(role.method, "GET");
    assert_eq!(
        role.url,
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    );
    assert_eq!(
        role.headers,
        [("X-aws-ec2-metadata-token", "AQAEAtoken==".to_string())]
    );

    let creds = imds::credentials_request(imds::ENDPOINT, "AQAEAtoken==", "web-role\n").unwrap();
    assert_eq!(
        creds.url,
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/web-role"
    );
    assert!(imds::credentials_request(imds::ENDPOINT, "AQAEAtoken==", "../x").is_err());
    assert!(imds::credentials_request(imds::ENDPOINT, "", "web-role").is_err());
    assert!(imds::role_name_request(imds::ENDPOINT, "bad token").is_err());
}

#[test]
fn container_requests() {
    let relative =
        imds::container_credentials_request(Some("/v2/credentials/abc"), None, None).unwrap();
    assert_eq!(relative.url, "http://169.254.170.2/v2/credentials/abc");
    assert!(relative.headers.is_empty());
    let full = imds::container_credentials_request(
        None,
        Some("http://127.0.0.1:8080/creds"),
        Some("Bearer t"),
    )
    .unwrap();
    assert_eq!(full.url, "http://127.0.0.1:8080/creds");
    assert_eq!(full.headers, [("Authorization", "Bearer t".to_string())]);
    assert!(imds::container_credentials_request(None, None, None).is_err());
    assert!(
        imds::container_credentials_request(Some("v2"), Some("file:///etc/passwd"), None).is_err()
    );
}

#[cfg(feature = "json")]
mod json {
    use super::*;
    use awssig::Credentials;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn imds_ecs_and_credential_process_documents() {
        let imds = format!(
            r#"{{"Code":"Success","LastUpdated":"2026-12-04T16:00:00Z","Type":"AWS-HMAC",
               "AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"{SECRET}","Token":"IQoJ+b3/Jp==",
               "Expiration":"2026-12-04T22:13:47Z"}}"#
        );
        let ecs = format!(
            r#"{{"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"{SECRET}","Token":"IQoJ+b3/Jp==",
               "Expiration":"2026-12-04T22:13:47Z","RoleArn":"arn:aws:iam::123456789012:role/x"}}"#
        );
        let process = format!(
            r#"{{"Version":1,"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":"{SECRET}",
               "SessionToken":"IQoJ+b3/Jp==","Expiration":"2026-12-04T23:13:47+01:00"}}"#
        );
        let expected = time::OffsetDateTime::from_unix_timestamp(1_796_422_427).unwrap();
        for document in [&imds, &ecs, &process] {
            let creds = Credentials::from_json(document).unwrap();
            assert_eq!(creds.access_key_id(), "ASIAEXAMPLE");
            assert_eq!(creds.secret_key().expose(), SECRET);
            assert_eq!(creds.session_token(), Some("IQoJ+b3/Jp=="));
            assert_eq!(creds.expires_at(), Some(expected));
        }
        let long_term =
            format!(r#"{{"Version":1,"AccessKeyId":"AKIAEXAMPLE","SecretAccessKey":"{SECRET}"}}"#);
        let creds = Credentials::from_json(&long_term).unwrap();
        assert_eq!((creds.session_token(), creds.expires_at()), (None, None));
    }

    #[test]
    fn bad_documents_are_refused_without_echoing_them() {
        for document in [
            "".to_string(),
            "[]".to_string(),
            format!(r#"{{"Code":"Failure","AccessKeyId":"A","SecretAccessKey":"{SECRET}"}}"#),
            format!(r#"{{"SecretAccessKey":"{SECRET}"}}"#),
            r#"{"AccessKeyId":"A"}"#.to_string(),
            format!(
                r#"{{"AccessKeyId":"A","SecretAccessKey":"{SECRET}","Expiration":"tomorrow"}}"#
            ),
            format!(r#"{{"AccessKeyId":"A","SecretAccessKey":"{SECRET}","Token":"a\u0007b"}}"#),
            format!(r#"{{"AccessKeyId":"A","SecretAccessKey":"{SECRET}""#),
        ] {
            let error = Credentials::from_json(&document).unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("wJalr"), "{shown}");
            assert!(
                matches!(
                    error,
                    Error::InvalidCredentialSource { .. } | Error::InvalidSessionToken
                ),
                "{document}: {error:?}"
            );
        }
    }
}
