//! Against a real S3-compatible server that verifies SigV4: `s3s-fs` (installed by `.ci/run`;
//! `cargo install s3s-fs@0.14.1 --features binary --locked`), started here on 127.0.0.1 with a
//! fixed key, stopped when the test ends. Requests are sent byte for byte as presigned, by a
//! minimal HTTP/1.1 client (no normalization of the path).

mod common;

use common::s3s::{
    BUCKET, SECRET_KEY, create_bucket, endpoint, presign, send, signer, start_server,
};

use std::time::Duration;

use awssig::{Addressing, AmzDate, Payload, PresignOptions, Request, S3Request};

#[test]
fn real_s3_server_accepts_what_we_sign_and_refuses_tampering() {
    let Some(server) = start_server() else { return };
    create_bucket(&server);
    let good = signer(SECRET_KEY, None);

    // Keys of every character class: PUT, then GET returns the same bytes, HEAD sees it.
    let keys = [
        "plain.txt",
        "a/../b",
        "a//b",
        "with space",
        "plus+sign",
        "tilde~",
        "100%",
        "%41 literal percent",
        "what?",
        "hash#tag",
        "Zürich/café ☕ notes.txt",
    ];
    for key in keys {
        let body = format!("contents of {key:?}").into_bytes();
        let put = send("PUT", &presign(&good, &server, "PUT", key, 300), &[], &body);
        assert_eq!(
            put.status,
            200,
            "PUT {key:?}: {}",
            String::from_utf8_lossy(&put.body)
        );
        let get = send("GET", &presign(&good, &server, "GET", key, 300), &[], b"");
        assert_eq!(get.status, 200, "GET {key:?}");
        assert_eq!(get.body, body, "GET {key:?} returns what was PUT");
        let head = send("HEAD", &presign(&good, &server, "HEAD", key, 300), &[], b"");
        assert_eq!(head.status, 200, "HEAD {key:?}");
    }
    // A key with a leading '/': s3s-fs maps keys to file paths and cannot store it (500), but
    // its signature check passes (not 403).
    let leading = send(
        "PUT",
        &presign(&good, &server, "PUT", "/leading", 300),
        &[],
        b"x",
    );
    assert_ne!(
        leading.status, 403,
        "the signature of a leading-slash key is accepted"
    );

    // Tampering is refused.
    let url = presign(&good, &server, "GET", "plain.txt", 300);
    let last = url.chars().last().unwrap();
    let flipped = format!(
        "{}{}",
        &url[..url.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    assert_eq!(
        send("GET", &flipped, &[], b"").status,
        403,
        "one signature digit changed"
    );
    let other_key = url.replacen("/plain.txt?", "/a//b?", 1);
    assert_eq!(send("GET", &other_key, &[], b"").status, 403, "key changed");
    let wrong_secret = presign(
        &signer("not/the+secret", None),
        &server,
        "GET",
        "plain.txt",
        300,
    );
    assert_eq!(
        send("GET", &wrong_secret, &[], b"").status,
        403,
        "wrong secret"
    );
    let expired = presign(&good, &server, "GET", "plain.txt", 1);
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(send("GET", &expired, &[], b"").status, 403, "expired");

    // Signed at a past time whose window has closed.
    let endpoint = endpoint(&server);
    let past = AmzDate::new(time::OffsetDateTime::now_utc() - time::Duration::hours(2)).unwrap();
    let request = S3Request::get(BUCKET, "plain.txt")
        .with_endpoint(&endpoint)
        .with_addressing(Addressing::PathStyle);
    let old = good
        .presign_s3(&request, past, PresignOptions::new(3600))
        .unwrap();
    assert_eq!(
        send("GET", old.as_str(), &[], b"").status,
        403,
        "expired an hour ago"
    );

    // A presign carrying a session token is accepted.
    let with_token = signer(SECRET_KEY, Some("FwoGZXIvYXdzE+session/token=="));
    let url = presign(&with_token, &server, "GET", "plain.txt", 300);
    assert!(url.contains("X-Amz-Security-Token=FwoGZXIvYXdzE%2Bsession%2Ftoken%3D%3D"));
    let get = send("GET", &url, &[], b"");
    assert_eq!(
        get.status,
        200,
        "token presign: {}",
        String::from_utf8_lossy(&get.body)
    );

    // Extra signed headers bind the URL: the client must send them, as signed.
    let headers = [("content-type", "text/plain"), ("x-amz-meta-owner", "Zoë")];
    let request = S3Request::put(BUCKET, "typed.txt")
        .with_endpoint(&endpoint)
        .with_addressing(Addressing::PathStyle)
        .with_headers(&headers);
    let url = good.presign_s3(&request, AmzDate::now(), 300).unwrap();
    assert_eq!(
        send("PUT", url.as_str(), &headers, b"typed").status,
        200,
        "headers sent"
    );
    let without = send("PUT", url.as_str(), &[], b"typed");
    assert_eq!(without.status, 403, "signed headers missing");
    let changed = send(
        "PUT",
        url.as_str(),
        &[("content-type", "text/html"), headers[1]],
        b"typed",
    );
    assert_eq!(changed.status, 403, "signed header changed");
    // Extra query parameters are signed and sent.
    let query = [
        ("response-content-type", "application/json; charset=utf-8"),
        ("x-id", "GetObject"),
    ];
    let request = S3Request::get(BUCKET, "typed.txt")
        .with_endpoint(&endpoint)
        .with_addressing(Addressing::PathStyle)
        .with_query(&query);
    let url = good.presign_s3(&request, AmzDate::now(), 300).unwrap();
    let get = send("GET", url.as_str(), &[], b"");
    assert_eq!(
        (get.status, get.body.as_slice()),
        (200, &b"typed"[..]),
        "with query parameters"
    );

    // DELETE works, and the object is gone.
    let delete = send(
        "DELETE",
        &presign(&good, &server, "DELETE", "plain.txt", 300),
        &[],
        b"",
    );
    assert!(
        matches!(delete.status, 200 | 204),
        "DELETE: {}",
        delete.status
    );
    let gone = send(
        "GET",
        &presign(&good, &server, "GET", "plain.txt", 300),
        &[],
        b"",
    );
    assert_eq!(gone.status, 404, "deleted");

    // Header signing with a payload hash, too.
    let url = format!("{endpoint}/{BUCKET}/header-signed.txt");
    let body = b"signed in the Authorization header";
    let request = Request::new("PUT", &url)
        .unwrap()
        .with_payload(Payload::Bytes(body));
    let signed = good.sign(&request, AmzDate::now()).unwrap();
    let headers: Vec<(&str, &str)> = signed.iter().collect();
    assert_eq!(
        send("PUT", &url, &headers, body).status,
        200,
        "header-signed PUT"
    );
    let tampered = send("PUT", &url, &headers, b"another body of equal length!!!!!!");
    // s3s-fs answers 500 for a body whose hash differs from the signed one; what matters is
    // that it is refused and the object keeps its contents.
    assert!(
        tampered.status >= 400,
        "a body that does not match x-amz-content-sha256"
    );
    let get = send(
        "GET",
        &presign(&good, &server, "GET", "header-signed.txt", 300),
        &[],
        b"",
    );
    assert_eq!(get.body, body);
}
