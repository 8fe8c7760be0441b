//! Our own cases: reference values from botocore 1.43 (run by hand, see each test), the error
//! paths, redaction of secrets, the key cache and sharing a signer across threads.

use awssig::{
    AmzDate, CredentialExpiry, Credentials, Error, PathRules, Payload, PresignOptions, Request,
    SessionTokenMode, Signer, SigningKey, SigningOptions, Streaming,
};
use time::Duration;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "FwoGZXIvYXdzE+token/with==padding+and/slashes=";

fn time() -> AmzDate {
    AmzDate::parse("20130524T000000Z").unwrap()
}

fn s3_signer(token: Option<&str>) -> Signer {
    let mut creds = Credentials::new(KEY_ID, SECRET).unwrap();
    if let Some(token) = token {
        creds = creds.with_session_token(token).unwrap();
    }
    Signer::new(creds, "us-east-1", "s3", SigningOptions::s3()).unwrap()
}

fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').unwrap().1;
    let mut pairs: Vec<_> = query
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    pairs.sort();
    pairs
}

/// botocore 1.43.11, `S3SigV4QueryAuth(creds, 's3', 'us-east-1', expires=3600)` at
/// 2013-05-24T00:00:00Z on this URL, with the token below, printed:
const BOTOCORE_PRESIGNED: &str = "https://examplebucket.s3.amazonaws.com/photos/2024%20summer/caf%C3%A9.txt?versionId=a%20b&response-content-type=text%2Fplain&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=FwoGZXIvYXdzE%2Btoken%2Fwith%3D%3Dpadding%2Band%2Fslashes%3D&X-Amz-Signature=42c927c8890237a666d0bf40a3de90031684f8e6a78c6a88c8e28f4315cd2fc2";

#[test]
fn presign_with_session_token_containing_plus_slash_equals() {
    let signer = s3_signer(Some(TOKEN));
    let request = Request::new(
        "GET",
        "https://examplebucket.s3.amazonaws.com/photos/2024%20summer/caf%C3%A9.txt?versionId=a+b&response-content-type=text/plain",
    )
    .unwrap()
    .with_payload(Payload::Unsigned);
    let (url, explained) = signer.explain_presign(&request, time(), 3600).unwrap();
    assert_eq!(
        url.signature(),
        "42c927c8890237a666d0bf40a3de90031684f8e6a78c6a88c8e28f4315cd2fc2"
    );
    assert_eq!(query_pairs(url.as_str()), query_pairs(BOTOCORE_PRESIGNED));
    assert_eq!(
        url.as_str().split_once('?').unwrap().0,
        BOTOCORE_PRESIGNED.split_once('?').unwrap().0
    );
    // The token is signed, encoded strictly: `+` is %2B (never a space), `/` %2F, `=` %3D.
    let encoded =
        "X-Amz-Security-Token=FwoGZXIvYXdzE%2Btoken%2Fwith%3D%3Dpadding%2Band%2Fslashes%3D";
    assert!(url.as_str().contains(encoded));
    assert!(explained.canonical_request.contains(encoded));
    // What is sent is what was signed: the URL's query is the canonical query + signature.
    let canonical_query = explained.canonical_request.lines().nth(2).unwrap();
    assert_eq!(
        url.as_str().split_once('?').unwrap().1,
        format!("{canonical_query}&X-Amz-Signature={}", url.signature())
    );
}

#[test]
fn header_signing_s3_put_with_token_matches_botocore() {
    // botocore 1.43.11 `S3SigV4Auth(creds, 's3', 'us-east-1')`, same time and token.
    let signer = s3_signer(Some(TOKEN));
    let headers = [
        ("Content-Type", "text/plain"),
        ("X-Amz-Meta-Note", "  two   spaces  "),
    ];
    let request = Request::new("PUT", "https://examplebucket.s3.amazonaws.com/a%2Bb/c~d")
        .unwrap()
        .with_headers(&headers)
        .with_payload(Payload::Bytes(b"hello"));
    let signed = signer.sign(&request, time()).unwrap();
    assert_eq!(
        signed.authorization(),
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note;x-amz-security-token, Signature=95e93104f880a587a68390d38d27c9e948f3bf978ca760179cfcda58233ac80f"
    );
    let added: Vec<_> = signed.iter().collect();
    assert_eq!(
        added,
        [
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-security-token", TOKEN),
            (
                "x-amz-content-sha256",
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
            ),
            ("authorization", signed.authorization()),
        ]
    );
}

#[test]
fn expires_out_of_range_is_a_typed_error() {
    let signer = s3_signer(None);
    let request = Request::new("GET", "https://b.s3.amazonaws.com/k").unwrap();
    for seconds in [0, 604_801, u64::MAX] {
        assert_eq!(
            signer.presign(&request, time(), seconds).unwrap_err(),
            Error::InvalidExpires { seconds }
        );
    }
    for seconds in [1, 604_800] {
        let url = signer.presign(&request, time(), seconds).unwrap();
        assert!(url.as_str().contains(&format!("X-Amz-Expires={seconds}&")));
        assert_eq!(
            url.stops_working_at(),
            time().time() + Duration::seconds(seconds as i64)
        );
    }
}

#[test]
fn temporary_credentials_bound_the_url_lifetime() {
    let expires_at = time().time() + Duration::seconds(600);
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_session_token(TOKEN)
        .unwrap()
        .with_expiration(expires_at);
    let signer = Signer::new(creds, "us-east-1", "s3", SigningOptions::s3()).unwrap();
    let request = Request::new("GET", "https://b.s3.amazonaws.com/k").unwrap();

    let refused = signer.presign(&request, time(), 3600).unwrap_err();
    assert_eq!(
        refused,
        Error::ExpiresAfterCredentials {
            remaining_seconds: 600
        }
    );

    let clamped = signer
        .presign(
            &request,
            time(),
            PresignOptions::new(3600).with_credential_expiry(CredentialExpiry::Clamp),
        )
        .unwrap();
    assert_eq!(clamped.expires_in(), 600);
    assert!(clamped.as_str().contains("X-Amz-Expires=600&"));
    assert_eq!(clamped.stops_working_at(), expires_at);

    let allowed = signer
        .presign(
            &request,
            time(),
            PresignOptions::new(3600).with_credential_expiry(CredentialExpiry::Allow),
        )
        .unwrap();
    assert_eq!(allowed.expires_in(), 3600);
    assert_eq!(allowed.stops_working_at(), expires_at);

    let within = signer.presign(&request, time(), 600).unwrap();
    assert_eq!(within.stops_working_at(), expires_at);

    let later = AmzDate::new(expires_at).unwrap();
    assert_eq!(
        signer.presign(&request, later, 60).unwrap_err(),
        Error::CredentialsExpired
    );
}

#[test]
fn debug_and_display_never_show_secret_or_token() {
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_session_token(TOKEN)
        .unwrap();
    let signer = Signer::new(creds.clone(), "us-east-1", "s3", SigningOptions::s3()).unwrap();
    let request = Request::new("GET", "https://b.s3.amazonaws.com/k").unwrap();
    let signed = signer.sign(&request, time()).unwrap();
    let url = signer.presign(&request, time(), 60).unwrap();
    let key = signer.signing_key(&time());
    let key_hex = hex::encode(key.expose());
    let errors = [
        Error::InvalidExpires { seconds: 0 },
        Error::InvalidTime,
        Error::InvalidAccessKeyId,
        Error::InvalidSecretKey,
        Error::InvalidSessionToken,
        Error::InvalidRegion,
        Error::InvalidService,
        Error::InvalidMethod,
        Error::InvalidUrl { reason: "x" },
        Error::InvalidHeaderName,
        Error::InvalidHeaderValue {
            name: "x-amz-meta".into(),
        },
        Error::InvalidPayloadHash,
        Error::CredentialsExpired,
        Error::ExpiresAfterCredentials {
            remaining_seconds: 1,
        },
        Error::MissingEnvironment {
            variable: "AWS_SECRET_ACCESS_KEY",
        },
        Error::UrlWouldChange,
    ];
    let mut shown = vec![
        format!("{creds:?}"),
        format!("{:?}", creds.secret_key()),
        format!("{key:?}"),
        format!("{signer:?}"),
        format!("{signed:?}"),
        format!("{url:?}"),
    ];
    for error in &errors {
        shown.push(format!("{error}"));
        shown.push(format!("{error:?}"));
    }
    // Errors caused by bad secrets or tokens do not echo them either.
    let bad_token = format!("{TOKEN}\u{7}");
    let error = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_session_token(&bad_token)
        .unwrap_err();
    shown.push(format!("{error} {error:?}"));
    let bad_value = [("x-amz-meta-secret", "\u{0}wJalrXUtnFEMI")];
    let error = signer
        .sign(&request.with_headers(&bad_value), time())
        .unwrap_err();
    shown.push(format!("{error} {error:?}"));

    let encoded_token = "FwoGZXIvYXdzE%2Btoken";
    for text in &shown {
        for secret in [
            SECRET,
            "wJalrXUtnFEMI",
            TOKEN,
            "FwoGZXIvYXdzE",
            encoded_token,
            &key_hex,
        ] {
            assert!(!text.contains(secret), "{text:?} shows {secret:?}");
        }
    }
    assert!(
        shown[0].contains(KEY_ID),
        "the access key id is not secret and helps debugging"
    );
}

#[test]
fn one_signer_from_two_threads_gives_identical_results() {
    let signer = s3_signer(Some(TOKEN));
    // Several days and seconds, so that the threads race on both caches (the signing key per
    // day, the string to sign's beginning per second).
    let date = |i: i64| {
        AmzDate::new(time().time() + Duration::days(i % 3) + Duration::seconds(i % 5)).unwrap()
    };
    let sign_one = |signer: &Signer, i: i64| -> String {
        let url = format!("https://b.s3.amazonaws.com/key-{i}");
        let request = Request::new("GET", &url)
            .unwrap()
            .with_payload(Payload::Unsigned);
        let presigned = signer.presign(&request, date(i), 3600).unwrap();
        let signed = signer.sign(&request, date(i)).unwrap();
        format!("{} {}", presigned.as_str(), signed.authorization())
    };
    let sign_all =
        |signer: &Signer| -> Vec<String> { (0..300).map(|i| sign_one(signer, i)).collect() };
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| sign_all(&signer));
        let b = scope.spawn(|| sign_all(&signer));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a, b);
    // And equal to fresh signers', whose caches start empty.
    let fresh: Vec<String> = (0..300)
        .map(|i| sign_one(&s3_signer(Some(TOKEN)), i))
        .collect();
    assert_eq!(a, fresh);
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Signer>();
}

#[test]
fn cached_string_to_sign_follows_the_signing_time() {
    // Back and forth between seconds and days: each signature, canonical request and string
    // to sign equal those of a fresh signer.
    let signer = s3_signer(Some(TOKEN));
    let request = Request::new("GET", "https://b.s3.amazonaws.com/k")
        .unwrap()
        .with_payload(Payload::Unsigned);
    for (days, seconds) in [
        (0, 0),
        (0, 0),
        (0, 1),
        (0, 0),
        (1, 0),
        (0, 0),
        (1, 59),
        (1, 59),
    ] {
        let date = AmzDate::new(time().time() + Duration::days(days) + Duration::seconds(seconds))
            .unwrap();
        let (url, explained) = signer.explain_presign(&request, date, 60).unwrap();
        let (fresh_url, fresh) = s3_signer(Some(TOKEN))
            .explain_presign(&request, date, 60)
            .unwrap();
        assert_eq!(url, fresh_url, "{date}");
        assert_eq!(explained.string_to_sign, fresh.string_to_sign);
        assert!(explained.string_to_sign.contains(date.as_str()));
        let signed = signer.sign(&request, date).unwrap();
        let fresh_signed = s3_signer(Some(TOKEN)).sign(&request, date).unwrap();
        assert_eq!(
            signed.authorization(),
            fresh_signed.authorization(),
            "{date}"
        );
    }
}

#[test]
fn signing_key_is_cached_per_day_and_correct() {
    let signer = s3_signer(None);
    let creds = Credentials::new(KEY_ID, SECRET).unwrap();
    for day in 0..3 {
        let date = AmzDate::new(time().time() + Duration::days(day)).unwrap();
        let expected = SigningKey::derive(creds.secret_key(), date.date(), "us-east-1", "s3");
        assert_eq!(signer.signing_key(&date).expose(), expected.expose());
        assert_eq!(
            signer.signing_key(&date).expose(),
            expected.expose(),
            "from the cache"
        );
    }
    let monday = signer.signing_key(&time());
    let tuesday = signer.signing_key(&AmzDate::new(time().time() + Duration::days(1)).unwrap());
    assert_ne!(monday.expose(), tuesday.expose());
}

#[test]
fn session_token_modes() {
    let request = Request::new("GET", "https://example.amazonaws.com/").unwrap();
    let with = |mode: SessionTokenMode| {
        let creds = Credentials::new(KEY_ID, SECRET)
            .unwrap()
            .with_session_token(TOKEN)
            .unwrap();
        Signer::new(
            creds,
            "us-east-1",
            "iotdevicegateway",
            SigningOptions::service().with_session_token(mode),
        )
        .unwrap()
    };
    let plain = Signer::new(
        Credentials::new(KEY_ID, SECRET).unwrap(),
        "us-east-1",
        "iotdevicegateway",
        SigningOptions::service(),
    )
    .unwrap();

    // After signing: the signature is that of the request without a token.
    let after = with(SessionTokenMode::AfterSigning);
    let url = after.presign(&request, time(), 60).unwrap();
    assert_eq!(
        url.signature(),
        plain.presign(&request, time(), 60).unwrap().signature()
    );
    assert!(
        url.as_str()
            .contains("&X-Amz-Security-Token=FwoGZXIvYXdzE%2Btoken")
    );
    let signed = after.explain_sign(&request, time()).unwrap();
    assert!(!signed.1.canonical_request.contains("x-amz-security-token"));
    assert!(
        signed
            .0
            .iter()
            .any(|(n, v)| n == "x-amz-security-token" && v == TOKEN)
    );
    assert_eq!(
        signed.0.signature(),
        plain.sign(&request, time()).unwrap().signature()
    );

    // Renamed (S3 Express).
    let express = with(SessionTokenMode::SignedAs("X-Amz-S3session-Token".into()));
    let (url, explained) = express.explain_presign(&request, time(), 60).unwrap();
    assert!(
        explained
            .canonical_request
            .contains("&X-Amz-S3session-Token=FwoGZXIvYXdzE%2Btoken")
    );
    assert!(!url.as_str().contains("X-Amz-Security-Token"));
    let (signed, explained) = express.explain_sign(&request, time()).unwrap();
    assert!(
        explained
            .canonical_request
            .contains(&format!("\nx-amz-s3session-token:{TOKEN}\n"))
    );
    assert!(
        signed
            .iter()
            .any(|(n, v)| n == "x-amz-s3session-token" && v == TOKEN)
    );
}

#[test]
fn invalid_inputs_are_typed_errors() {
    let signer = s3_signer(None);
    let request = Request::new("GET", "https://b.s3.amazonaws.com/k").unwrap();
    let bad_name = [("bad name", "v")];
    assert_eq!(
        signer
            .sign(&request.with_headers(&bad_name), time())
            .unwrap_err(),
        Error::InvalidHeaderName
    );
    let bad_value = [("X-Amz-Meta-A", "a\u{0}b")];
    assert_eq!(
        signer
            .sign(&request.with_headers(&bad_value), time())
            .unwrap_err(),
        Error::InvalidHeaderValue {
            name: "x-amz-meta-a".into()
        }
    );
    for hash in [
        "",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "zz",
    ] {
        let request = request.with_payload(Payload::Hash(hash));
        assert_eq!(
            signer.sign(&request, time()).unwrap_err(),
            Error::InvalidPayloadHash
        );
    }
    for url in [
        "b.s3.amazonaws.com/k",
        "ftp://b/k",
        "https://user@b/k",
        "https:///k",
        "https://b/k\n",
        "https://b c/k",
        "https://b\u{fc}/k",
        "https://b\t:80/k",
        "https://b ",
    ] {
        assert!(
            matches!(Request::new("GET", url), Err(Error::InvalidUrl { .. })),
            "{url}"
        );
    }
    assert_eq!(
        Request::new("G T", "https://b/").unwrap_err(),
        Error::InvalidMethod
    );
    let presigned = Request::new("GET", "https://b.s3.amazonaws.com/k?X-Amz-Signature=1").unwrap();
    assert!(matches!(
        signer.presign(&presigned, time(), 60),
        Err(Error::InvalidUrl { .. })
    ));
    assert_eq!(
        Credentials::new("", SECRET).unwrap_err(),
        Error::InvalidAccessKeyId
    );
    assert_eq!(
        Credentials::new("AK/ID", SECRET).unwrap_err(),
        Error::InvalidAccessKeyId
    );
    assert_eq!(
        Credentials::new(KEY_ID, "").unwrap_err(),
        Error::InvalidSecretKey
    );
    let creds = || Credentials::new(KEY_ID, SECRET).unwrap();
    assert_eq!(
        Signer::new(creds(), "", "s3", SigningOptions::s3()).unwrap_err(),
        Error::InvalidRegion
    );
    assert_eq!(
        Signer::new(creds(), "us/east", "s3", SigningOptions::s3()).unwrap_err(),
        Error::InvalidRegion
    );
    assert_eq!(
        Signer::new(creds(), "us-east-1", "s 3", SigningOptions::s3()).unwrap_err(),
        Error::InvalidService
    );
    for text in [
        "2013052T000000Z",
        "20130524T000000",
        "20131324T000000Z",
        "20130524T250000Z",
        "２0130524T000000Z",
    ] {
        assert_eq!(
            AmzDate::parse(text).unwrap_err(),
            Error::InvalidTime,
            "{text}"
        );
    }
    let far = time::OffsetDateTime::new_utc(
        time::Date::from_calendar_date(-1, time::Month::January, 1).unwrap(),
        time::Time::MIDNIGHT,
    );
    assert_eq!(AmzDate::new(far).unwrap_err(), Error::InvalidTime);
    assert!(
        Credentials::new(KEY_ID, SECRET)
            .unwrap()
            .with_session_token("")
            .unwrap()
            .session_token()
            .is_none()
    );
}

#[test]
fn proxy_rewritten_headers_are_never_signed() {
    let signer = Signer::new(
        Credentials::new(KEY_ID, SECRET).unwrap(),
        "us-east-1",
        "s3",
        SigningOptions::s3().with_unsigned_header("x-forwarded-for"),
    )
    .unwrap();
    let headers = [
        ("User-Agent", "curl/8"),
        ("Authorization", "Bearer x"),
        ("X-Amzn-Trace-Id", "Root=1"),
        ("Transfer-Encoding", "chunked"),
        ("X-Forwarded-For", "10.0.0.1"),
        ("Host", "ignored.example.com"),
        ("X-Amz-Date", "19990101T000000Z"),
        ("Range", "bytes=0-9"),
    ];
    let request = Request::new("GET", "https://b.s3.amazonaws.com:443/k")
        .unwrap()
        .with_headers(&headers);
    let (signed, explained) = signer.explain_sign(&request, time()).unwrap();
    assert!(
        signed
            .authorization()
            .contains("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,")
    );
    assert!(
        explained
            .canonical_request
            .contains("\nhost:b.s3.amazonaws.com\n"),
        "default port dropped"
    );
    assert!(
        explained
            .canonical_request
            .contains("\nx-amz-date:20130524T000000Z\n")
    );
    let other_port = Request::new("GET", "http://127.0.0.1:9000/k").unwrap();
    let (_, explained) = signer.explain_sign(&other_port, time()).unwrap();
    assert!(
        explained
            .canonical_request
            .contains("\nhost:127.0.0.1:9000\n")
    );
}

#[test]
fn s3_keys_are_signed_and_sent_exactly() {
    let signer = s3_signer(None);
    for (path, canonical) in [
        ("/a/../b", "/a/../b"),
        ("/a//b", "/a//b"),
        ("//leading", "//leading"),
        ("/sp ace+plus~tilde", "/sp%20ace%2Bplus~tilde"),
        ("/100%", "/100%25"),
        ("/%41%2f", "/A/"),
        ("/Zürich café ☕", "/Z%C3%BCrich%20caf%C3%A9%20%E2%98%95"),
    ] {
        let url = format!("https://b.s3.amazonaws.com{path}");
        let request = Request::new("GET", &url)
            .unwrap()
            .with_payload(Payload::Unsigned);
        let (presigned, explained) = signer.explain_presign(&request, time(), 60).unwrap();
        assert_eq!(
            explained.canonical_request.lines().nth(1),
            Some(canonical),
            "{path}"
        );
        assert_eq!(
            presigned.as_str().split_once('?').unwrap().0,
            format!("https://b.s3.amazonaws.com{canonical}"),
            "the URL carries the path that was signed"
        );
    }
}

#[cfg(feature = "url")]
#[test]
fn to_url_refuses_to_normalize_the_path() {
    let signer = s3_signer(None);
    let request = Request::new("GET", "https://b.s3.amazonaws.com/a/../b").unwrap();
    let presigned = signer.presign(&request, time(), 60).unwrap();
    assert_eq!(presigned.to_url().unwrap_err(), Error::UrlWouldChange);
    let request = Request::new("GET", "https://b.s3.amazonaws.com/a/b").unwrap();
    let presigned = signer.presign(&request, time(), 60).unwrap();
    assert_eq!(presigned.to_url().unwrap().as_str(), presigned.as_str());
}

#[test]
fn payload_forms() {
    let signer = Signer::new(
        Credentials::new(KEY_ID, SECRET).unwrap(),
        "us-east-1",
        "s3",
        SigningOptions::s3().with_path_rules(PathRules::S3),
    )
    .unwrap();
    let request = Request::new("PUT", "https://b.s3.amazonaws.com/k").unwrap();
    let last_line = |payload| {
        let (signed, explained) = signer
            .explain_sign(&request.with_payload(payload), time())
            .unwrap();
        let line = explained
            .canonical_request
            .lines()
            .last()
            .unwrap()
            .to_string();
        let header = signed
            .iter()
            .find(|(n, _)| *n == "x-amz-content-sha256")
            .unwrap()
            .1
            .to_string();
        assert_eq!(line, header);
        line
    };
    let hello = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(last_line(Payload::Bytes(b"hello")), hello);
    assert_eq!(last_line(Payload::Hash(hello)), hello);
    assert_eq!(last_line(Payload::Bytes(b"")), awssig::EMPTY_PAYLOAD_SHA256);
    assert_eq!(last_line(Payload::Unsigned), "UNSIGNED-PAYLOAD");
    assert_eq!(
        last_line(Payload::Streaming(Streaming::SignedPayload)),
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    );
    assert_eq!(
        last_line(Payload::Streaming(Streaming::UnsignedPayloadTrailer)),
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    );
}

/// The signer's own query parameters are written in canonical order and merged with the
/// caller's: whatever the token parameter is called and wherever the caller's parameters
/// sort, the URL's query (without the signature) is the sorted canonical query.
#[test]
fn own_parameters_merge_in_canonical_order() {
    let creds = Credentials::new(KEY_ID, SECRET)
        .unwrap()
        .with_session_token(TOKEN)
        .unwrap();
    let token_names = [
        "A-Token",
        "X-Amz-B-Token",
        "X-Amz-Date2",
        "X-Amz-S3session-Token",
        "X-Amz-Security-Token",
        "X-Amz-Signer-Token",
        "X-Amz-Z-Token",
        "z-token",
    ];
    let queries = [
        "",
        "a=1",
        "A=1&X-Amz-Bz=2&X-Amz-Da=3&a=4&X-Amz-Sz=5&X-Amz-Expires0=6",
        "%58-Amz-C=encoded&X-Amz-Cr=7&x-amz-date=lower",
    ];
    for name in token_names {
        let options = SigningOptions::s3()
            .with_session_token(SessionTokenMode::SignedAs(name.to_string().into()));
        let signer = Signer::new(creds.clone(), "us-east-1", "s3", options).unwrap();
        for query in queries {
            let url = format!("https://examplebucket.s3.amazonaws.com/test.txt?{query}");
            let request = Request::new("GET", &url).unwrap();
            let (presigned, explained) = signer.explain_presign(&request, time(), 60).unwrap();
            let (unsigned, signature) =
                presigned.as_str().rsplit_once("&X-Amz-Signature=").unwrap();
            assert_eq!(signature, presigned.signature());
            let url_query = unsigned.split_once('?').unwrap().1;
            let canonical_query = explained.canonical_request.lines().nth(2).unwrap();
            assert_eq!(url_query, canonical_query, "{name} {query}");
            let pairs: Vec<(&str, &str)> = url_query
                .split('&')
                .map(|pair| pair.split_once('=').unwrap())
                .collect();
            assert!(pairs.is_sorted(), "{name} {query}: {url_query}");
            assert_eq!(
                pairs.len(),
                6 + query.split('&').filter(|p| !p.is_empty()).count(),
                "{name} {query}"
            );
        }
    }
}
