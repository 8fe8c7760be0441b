//! S3 addressing from a raw bucket and key, and the presign helpers. Reference URLs from
//! botocore 1.43.11 `generate_presigned_url` at 2013-05-24T00:00:00Z with the documented
//! example credentials (run by hand).

use awssig::{Addressing, AmzDate, Credentials, Error, S3Request, Signer, SigningOptions};

fn signer(region: &str) -> Signer {
    let creds = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    .unwrap();
    Signer::new(creds, region, "s3", SigningOptions::s3()).unwrap()
}

fn time() -> AmzDate {
    AmzDate::parse("20130524T000000Z").unwrap()
}

/// Path and sorted query pairs: two URLs S3 reads the same way.
fn parts(url: &str) -> (String, Vec<String>) {
    let (base, query) = url.split_once('?').unwrap();
    let mut pairs: Vec<String> = query.split('&').map(String::from).collect();
    pairs.sort();
    (base.to_string(), pairs)
}

#[test]
fn presigned_urls_match_botocore() {
    let cases: [(&str, S3Request<'_>, &str); 5] = [
        (
            "us-east-1",
            S3Request::get("examplebucket", "a/../b"),
            "https://examplebucket.s3.amazonaws.com/a/../b?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=bd08fa76503469a828e27fbb902a38e236f21e08c83b0579ee746d0337d5279f",
        ),
        (
            "eu-west-1",
            S3Request::get("examplebucket", "sp ace+plus~%?#é☕"),
            "https://examplebucket.s3.eu-west-1.amazonaws.com/sp%20ace%2Bplus~%25%3F%23%C3%A9%E2%98%95?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=661c9a0a4ac472b637fa59d12943d5b64842c2baf094ad5a746c807ec67b049a",
        ),
        (
            "eu-west-1",
            S3Request::put("examplebucket", "//lead//x").with_addressing(Addressing::PathStyle),
            "https://s3.eu-west-1.amazonaws.com/examplebucket///lead//x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=e0826f13bda7d9fa57ed3f403fa5aaf1226701fac3a7b2a6a86ae895d0a76c6d",
        ),
        (
            "us-east-1",
            S3Request::get("bucket", "k")
                .with_endpoint("http://127.0.0.1:9000")
                .with_addressing(Addressing::PathStyle)
                .with_query(&[
                    (
                        "response-content-disposition",
                        "attachment; filename=\"a b.txt\"",
                    ),
                    ("versionId", "v+1"),
                ]),
            "http://127.0.0.1:9000/bucket/k?response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22&versionId=v%2B1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=7570188097a80534aad3dcd5e58e3a0390904f6a19a9d09d5c3346041979c328",
        ),
        (
            "us-east-1",
            S3Request::put("examplebucket", "big.bin")
                .with_query(&[("partNumber", "3"), ("uploadId", "up/id==")]),
            "https://examplebucket.s3.amazonaws.com/big.bin?partNumber=3&uploadId=up%2Fid%3D%3D&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=09a01114590f966caa8adcc7b4a2804723a3fc9616bf825e4ea029dfb29c8a7a",
        ),
    ];
    for (region, request, expected) in cases {
        let url = signer(region).presign_s3(&request, time(), 3600).unwrap();
        assert_eq!(parts(url.as_str()), parts(expected), "{}", request.key);
    }
}

#[test]
fn addressing_styles_and_endpoints() {
    let url = |request: S3Request<'_>, region: &str| request.url(region).unwrap();
    let get = S3Request::get("my-bucket", "k");
    assert_eq!(
        url(get, "us-east-1"),
        "https://my-bucket.s3.amazonaws.com/k"
    );
    assert_eq!(
        url(get, "eu-west-1"),
        "https://my-bucket.s3.eu-west-1.amazonaws.com/k"
    );
    assert_eq!(
        url(get, "cn-north-1"),
        "https://my-bucket.s3.cn-north-1.amazonaws.com.cn/k"
    );
    let path = get.with_addressing(Addressing::PathStyle);
    assert_eq!(
        url(path, "us-east-1"),
        "https://s3.amazonaws.com/my-bucket/k"
    );
    assert_eq!(
        url(path, "eu-west-1"),
        "https://s3.eu-west-1.amazonaws.com/my-bucket/k"
    );
    let minio = path.with_endpoint("http://localhost:9000/");
    assert_eq!(url(minio, "us-east-1"), "http://localhost:9000/my-bucket/k");
    let r2 = get.with_endpoint("https://account.r2.cloudflarestorage.com");
    assert_eq!(
        url(r2, "auto"),
        "https://my-bucket.account.r2.cloudflarestorage.com/k"
    );
}

#[test]
fn keys_of_every_character_class_are_encoded_once() {
    for (key, path) in [
        ("a/../b", "/a/../b"),
        ("a//b", "/a//b"),
        ("/leading", "//leading"),
        ("with space", "/with%20space"),
        ("plus+sign", "/plus%2Bsign"),
        ("tilde~", "/tilde~"),
        ("100%", "/100%25"),
        ("%41", "/%2541"),
        ("what?", "/what%3F"),
        ("hash#tag", "/hash%23tag"),
        (
            "Zürich/café ☕.txt",
            "/Z%C3%BCrich/caf%C3%A9%20%E2%98%95.txt",
        ),
        (".", "/."),
        ("..", "/.."),
    ] {
        let request = S3Request::get("b-1", key);
        let url = request.url("us-east-1").unwrap();
        assert_eq!(
            url,
            format!("https://b-1.s3.amazonaws.com{path}"),
            "{key:?}"
        );
        let (presigned, explained) = {
            let r = awssig::Request::new("GET", &url)
                .unwrap()
                .with_payload(awssig::Payload::Unsigned);
            signer("us-east-1").explain_presign(&r, time(), 60).unwrap()
        };
        assert_eq!(
            explained.canonical_request.lines().nth(1),
            Some(path),
            "{key:?} signed as sent"
        );
        assert!(
            presigned.as_str().starts_with(&url),
            "{key:?} sent as signed"
        );
    }
}

#[test]
fn refusals() {
    let invalid = |request: S3Request<'_>| match request.url("us-east-1") {
        Err(Error::InvalidBucket { .. }) => {}
        other => panic!("{:?} {:?}: {other:?}", request.bucket, request.addressing),
    };
    assert_eq!(
        S3Request::get("bucket", "").url("us-east-1").unwrap_err(),
        Error::EmptyKey
    );
    for bucket in [
        "ab",
        "Upper",
        "under_score",
        "-dash",
        "dash-",
        "a..b",
        "192.168.1.1",
        &"x".repeat(64),
    ] {
        invalid(S3Request::get(bucket, "k"));
    }
    // Dotted names break TLS when virtual-hosted: refused over https, fine path-style or http.
    invalid(S3Request::get("my.bucket", "k"));
    assert!(
        S3Request::get("my.bucket", "k")
            .with_addressing(Addressing::PathStyle)
            .url("us-east-1")
            .is_ok()
    );
    assert!(
        S3Request::get("my.bucket", "k")
            .with_endpoint("http://s3.local")
            .url("us-east-1")
            .is_ok()
    );
    // Legacy names are path-style only.
    assert!(
        S3Request::get("Legacy_Bucket", "k")
            .with_addressing(Addressing::PathStyle)
            .url("us-east-1")
            .is_ok()
    );
    invalid(S3Request::get("bad/bucket", "k").with_addressing(Addressing::PathStyle));
    // An IP endpoint cannot take a bucket subdomain.
    invalid(S3Request::get("bucket", "k").with_endpoint("http://127.0.0.1:9000"));
    for endpoint in [
        "127.0.0.1:9000",
        "ftp://host",
        "http://host/path",
        "http://",
    ] {
        let r = S3Request::get("bucket", "k").with_endpoint(endpoint);
        assert!(
            matches!(r.url("us-east-1"), Err(Error::InvalidUrl { .. })),
            "{endpoint}"
        );
    }
}

#[test]
fn methods_and_signed_headers() {
    let s = signer("us-east-1");
    for request in [
        S3Request::get("bucket", "k"),
        S3Request::put("bucket", "k"),
        S3Request::head("bucket", "k"),
        S3Request::delete("bucket", "k"),
    ] {
        let url = s.presign_s3(&request, time(), 60).unwrap();
        let target = request.url("us-east-1").unwrap();
        let r = awssig::Request::new(request.method, &target)
            .unwrap()
            .with_payload(awssig::Payload::Unsigned);
        let (_, explained) = s.explain_presign(&r, time(), 60).unwrap();
        assert!(
            explained
                .canonical_request
                .starts_with(&format!("{}\n", request.method))
        );
        assert!(url.as_str().ends_with(&explained.signature));
    }
    let headers = [
        ("Content-Type", "image/png"),
        ("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="),
        (
            "x-amz-checksum-sha256",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ),
        ("x-amz-meta-owner", "Zoë"),
        ("x-amz-server-side-encryption", "aws:kms"),
    ];
    let url = s
        .presign_s3(
            &S3Request::put("bucket", "k").with_headers(&headers),
            time(),
            60,
        )
        .unwrap();
    assert!(url.as_str().contains(
        "X-Amz-SignedHeaders=content-md5%3Bcontent-type%3Bhost%3Bx-amz-checksum-sha256%3Bx-amz-meta-owner%3Bx-amz-server-side-encryption&"
    ));
}
