//! Heap allocations per operation, counted by a global allocator for the calling thread:
//! exactly one per presign (the URL) and at most one per header signing (the Authorization
//! value, which also holds the token).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use awssig::{AmzDate, Credentials, Payload, Request, Signer, SigningOptions};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: during thread teardown the counter may be gone; those are not ours.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<T>(op: impl FnOnce() -> T) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let result = op();
    let after = ALLOCATIONS.with(Cell::get);
    drop(result);
    after - before
}

#[test]
fn one_allocation_per_presign_and_per_header_signing() {
    let token: String = (0..700).map(|i| b"AZaz09+/"[i % 8] as char).collect();
    let creds = Credentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    .unwrap();
    let s3 = Signer::new(creds.clone(), "us-east-1", "s3", SigningOptions::s3()).unwrap();
    let s3_token = Signer::new(
        creds.clone().with_session_token(&token).unwrap(),
        "us-east-1",
        "s3",
        SigningOptions::s3(),
    )
    .unwrap();
    let service = Signer::new(
        creds.with_session_token(&token).unwrap(),
        "eu-west-1",
        "execute-api",
        SigningOptions::service(),
    )
    .unwrap();
    let time = AmzDate::parse("20130524T000000Z").unwrap();
    let headers = [
        ("cache-control", "no-cache"),
        ("Content-Disposition", "inline"),
        ("content-type", "text/plain"),
        ("x-amz-meta-author", " awssig   bench "),
        ("x-amz-storage-class", "STANDARD"),
    ];
    let hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    let urls = [
        "https://examplebucket.s3.amazonaws.com/test.txt",
        "https://examplebucket.s3.amazonaws.com/photos/2024%20summer/Z%C3%BCrich%20caf%C3%A9%20%E2%98%95%20notes.txt",
        "https://examplebucket.s3.amazonaws.com/k?versionId=a+b&response-content-type=text%2Fplain&partNumber=3&uploadId=x",
        "https://abc.execute-api.eu-west-1.amazonaws.com/prod/items/42?limit=10",
    ];
    for signer in [&s3, &s3_token, &service] {
        for url in urls {
            let request = Request::new("GET", url)
                .unwrap()
                .with_payload(Payload::Unsigned);
            signer.presign(&request, time, 3600).unwrap(); // the key cache is warm from here on
            let presign = allocations(|| signer.presign(&request, time, 3600).unwrap());
            assert_eq!(presign, 1, "presign {url}");

            let request = Request::new("PUT", url)
                .unwrap()
                .with_headers(&headers)
                .with_payload(Payload::Hash(hash));
            let sign = allocations(|| signer.sign(&request, time).unwrap());
            assert!(sign <= 1, "header signing {url}: {sign} allocations");
            let with_body = request.with_payload(Payload::Bytes(b"Welcome to Amazon S3."));
            assert!(allocations(|| signer.sign(&with_body, time).unwrap()) <= 1);
        }
    }
    // The S3 helper too: the object URL is built on the stack.
    let query = [
        ("response-content-type", "text/plain"),
        ("versionId", "a b"),
    ];
    let content = [("content-type", "image/png")];
    for request in [
        awssig::S3Request::get(
            "examplebucket",
            "photos/2024 summer/Zürich café ☕ notes.txt",
        ),
        awssig::S3Request::put("examplebucket", "k")
            .with_query(&query)
            .with_headers(&content),
        awssig::S3Request::get("bucket", "k")
            .with_endpoint("http://127.0.0.1:9000")
            .with_addressing(awssig::Addressing::PathStyle),
    ] {
        s3_token.presign_s3(&request, time, 600).unwrap();
        assert_eq!(
            allocations(|| s3_token.presign_s3(&request, time, 600).unwrap()),
            1,
            "{request:?}"
        );
    }
    // A key too long for the stack still works (with a second allocation).
    let long_key = "☕".repeat(1000);
    let long = awssig::S3Request::get("examplebucket", &long_key);
    let presigned = s3_token.presign_s3(&long, time, 600).unwrap();
    assert!(presigned.as_str().contains(&"%E2%98%95".repeat(1000)));

    // The counter works: something that allocates is seen.
    assert_eq!(allocations(|| String::from("x")), 1);
}
