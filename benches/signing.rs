//! awssig against aws-sigv4 and rusty-s3 on the same inputs, in one run, plus the SHA-256
//! floor of each case. Setup asserts that all signers produce the same signature before any
//! timing. After criterion's report, prints the summary table (medians, allocations per
//! operation, ratios to the floor and to the peers).
//!
//! Run: `cargo bench --bench signing`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use awssig::{AmzDate, Credentials, Payload, Request, Signer, SigningKey, SigningOptions};
use criterion::{Criterion, criterion_group};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

// ------------------------------------------------------------------------------------------
// Allocation counting

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of<T>(mut op: impl FnMut() -> T) -> usize {
    black_box(op());
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let result = op();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    black_box(result);
    after - before
}

// ------------------------------------------------------------------------------------------
// Inputs

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const HOST: &str = "examplebucket.s3.amazonaws.com";
const UNICODE_KEY: &str = "photos/2024 summer/Zürich café ☕ notes.txt";
const UNICODE_PATH: &str = "/photos/2024%20summer/Z%C3%BCrich%20caf%C3%A9%20%E2%98%95%20notes.txt";
const PUT_HEADERS: [(&str, &str); 5] = [
    ("cache-control", "no-cache"),
    ("content-disposition", "inline"),
    ("content-type", "text/plain"),
    ("x-amz-meta-author", "awssig bench"),
    ("x-amz-storage-class", "STANDARD"),
];
const BODY: &[u8] = b"Welcome to Amazon S3.";

/// A 700-character session token, base64-like (with `+`, `/` and `=`), like real STS tokens.
fn token() -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state: u32 = 0x2545_F491;
    let mut token: String = (0..698)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            alphabet[(state % 64) as usize] as char
        })
        .collect();
    token.push_str("==");
    token
}

/// The signing time, in each library's type, made once: parsing it is not signing.
static TIME: std::sync::LazyLock<(AmzDate, SystemTime, jiff::Timestamp)> =
    std::sync::LazyLock::new(|| {
        let date = AmzDate::parse("20130524T000000Z").unwrap();
        let seconds = date.time().unix_timestamp();
        (
            date,
            SystemTime::UNIX_EPOCH + Duration::from_secs(seconds as u64),
            jiff::Timestamp::from_second(seconds).unwrap(),
        )
    });

fn time() -> AmzDate {
    TIME.0
}

fn system_time() -> SystemTime {
    TIME.1
}

fn jiff_time() -> jiff::Timestamp {
    TIME.2
}

fn body_hash() -> String {
    hex::encode(Sha256::digest(BODY))
}

// ------------------------------------------------------------------------------------------
// The three signers

struct Awssig {
    plain: Signer,
    token: Signer,
}

impl Awssig {
    fn new(token: &str) -> Self {
        let creds = Credentials::new(KEY_ID, SECRET).unwrap();
        Awssig {
            plain: Signer::new(creds.clone(), REGION, "s3", SigningOptions::s3()).unwrap(),
            token: Signer::new(
                creds.with_session_token(token).unwrap(),
                REGION,
                "s3",
                SigningOptions::s3(),
            )
            .unwrap(),
        }
    }

    fn presign(signer: &Signer, url: &str, expires: u64) -> String {
        let request = Request::new("GET", url)
            .unwrap()
            .with_payload(Payload::Unsigned);
        signer
            .presign(&request, time(), expires)
            .unwrap()
            .into_string()
    }

    fn sign_put(signer: &Signer, url: &str, hash: &str) -> awssig::AuthHeaders {
        let request = Request::new("PUT", url)
            .unwrap()
            .with_headers(&PUT_HEADERS)
            .with_payload(Payload::Hash(hash));
        signer.sign(&request, time()).unwrap()
    }
}

mod sigv4 {
    use super::*;
    use aws_sigv4::http_request::{
        PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
        SigningSettings, UriPathNormalizationMode, sign,
    };
    use aws_sigv4::sign::v4;

    pub struct Peer {
        plain: aws_smithy_runtime_api::client::identity::Identity,
        token: aws_smithy_runtime_api::client::identity::Identity,
    }

    fn settings(location: SignatureLocation, expires: Option<u64>) -> SigningSettings {
        let mut settings = SigningSettings::default();
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.signature_location = location;
        settings.expires_in = expires.map(Duration::from_secs);
        if location == SignatureLocation::Headers {
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        settings
    }

    impl Peer {
        pub fn new(token: &str) -> Self {
            let creds = |token: Option<String>| {
                aws_credential_types::Credentials::new(KEY_ID, SECRET, token, None, "bench").into()
            };
            Peer {
                plain: creds(None),
                token: creds(Some(token.to_string())),
            }
        }

        pub fn identity(
            &self,
            with_token: bool,
        ) -> &aws_smithy_runtime_api::client::identity::Identity {
            if with_token { &self.token } else { &self.plain }
        }

        /// Presigns like an aws-sigv4 user: sign, then apply the parameters to the request.
        pub fn presign(&self, with_token: bool, url: &str, expires: u64) -> String {
            let params = v4::SigningParams::builder()
                .identity(self.identity(with_token))
                .region(REGION)
                .name("s3")
                .time(system_time())
                .settings(settings(SignatureLocation::QueryParams, Some(expires)))
                .build()
                .unwrap()
                .into();
            let signable = SignableRequest::new(
                "GET",
                url,
                std::iter::empty(),
                SignableBody::UnsignedPayload,
            )
            .unwrap();
            let (instructions, _signature) = sign(signable, &params).unwrap().into_parts();
            let mut request = http::Request::get(url).body(()).unwrap();
            instructions.apply_to_request_http1x(&mut request);
            request.uri().to_string()
        }

        pub fn sign_put(&self, url: &str, hash: &str) -> http::Request<()> {
            let params = v4::SigningParams::builder()
                .identity(&self.token)
                .region(REGION)
                .name("s3")
                .time(system_time())
                .settings(settings(SignatureLocation::Headers, None))
                .build()
                .unwrap()
                .into();
            let mut request = http::Request::put(url);
            for (name, value) in PUT_HEADERS {
                request = request.header(name, value);
            }
            let mut request = request.body(()).unwrap();
            let headers = request
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str(), v.to_str().unwrap()));
            let signable = SignableRequest::new(
                "PUT",
                url,
                headers,
                SignableBody::Precomputed(hash.to_string()),
            )
            .unwrap();
            let (instructions, _signature) = sign(signable, &params).unwrap().into_parts();
            instructions.apply_to_request_http1x(&mut request);
            request
        }

        pub fn signing_key() -> impl AsRef<[u8]> {
            v4::generate_signing_key(SECRET, system_time(), REGION, "s3")
        }
    }
}

mod rusty {
    use super::*;
    use rusty_s3::{Bucket, S3Action, UrlStyle};

    pub struct Peer {
        bucket: Bucket,
        plain: rusty_s3::Credentials,
        token: rusty_s3::Credentials,
    }

    impl Peer {
        pub fn new(token: &str) -> Self {
            let endpoint = "https://s3.amazonaws.com".parse().unwrap();
            Peer {
                bucket: Bucket::new(endpoint, UrlStyle::VirtualHost, "examplebucket", REGION)
                    .unwrap(),
                plain: rusty_s3::Credentials::new(KEY_ID, SECRET),
                token: rusty_s3::Credentials::new_with_token(KEY_ID, SECRET, token),
            }
        }

        pub fn presign(&self, with_token: bool, key: &str, expires: u64) -> String {
            let creds = if with_token { &self.token } else { &self.plain };
            self.bucket
                .get_object(Some(creds), key)
                .sign_with_time(Duration::from_secs(expires), &jiff_time())
                .into()
        }
    }
}

// ------------------------------------------------------------------------------------------
// Floor: SHA-256 of the canonical request + HMAC of the string to sign with a keyed state.

struct Floor {
    canonical_request: Vec<u8>,
    string_to_sign_head: String,
    keyed: Hmac<Sha256>,
}

impl Floor {
    fn new(signer: &Signer, explained: &awssig::Explanation) -> Floor {
        let head = explained
            .string_to_sign
            .rsplit_once('\n')
            .unwrap()
            .0
            .to_string()
            + "\n";
        let keyed = Hmac::<Sha256>::new_from_slice(signer.signing_key(&time()).expose()).unwrap();
        Floor {
            canonical_request: explained.canonical_request.clone().into_bytes(),
            string_to_sign_head: head,
            keyed,
        }
    }

    fn run(&self) -> [u8; 32] {
        let hash = Sha256::digest(&self.canonical_request);
        let mut hex = [0u8; 64];
        hex::encode_to_slice(hash, &mut hex).unwrap();
        let mut mac = self.keyed.clone();
        mac.update(self.string_to_sign_head.as_bytes());
        mac.update(&hex);
        mac.finalize().into_bytes().into()
    }

    fn blocks(&self) -> usize {
        (self.canonical_request.len() + 9).div_ceil(64)
            + (64 + self.string_to_sign_head.len() + 64 + 9).div_ceil(64)
            - 1
            + 1
    }
}

fn signature_of(url: &str) -> &str {
    url.rsplit_once("X-Amz-Signature=")
        .unwrap()
        .1
        .split('&')
        .next()
        .unwrap()
}

fn sorted_query(url: &str) -> Vec<String> {
    let mut pairs: Vec<String> = url
        .split_once('?')
        .unwrap()
        .1
        .split('&')
        .map(String::from)
        .collect();
    pairs.sort();
    pairs
}

struct Fixture {
    url_test: String,
    url_unicode: String,
    url_put: String,
    hash: String,
    awssig: Awssig,
    sigv4: sigv4::Peer,
    rusty: rusty::Peer,
}

/// A presign case: its benchmark group, with or without the token, the URL, the object key
/// (rusty-s3 takes the key), `X-Amz-Expires`.
type PresignCase<'f> = (&'static str, bool, &'f str, &'static str, u64);

impl Fixture {
    /// Cases (a), (b) and (c).
    fn presign_cases(&self) -> [PresignCase<'_>; 3] {
        [
            (
                "a_presign_no_token",
                false,
                &self.url_test,
                "test.txt",
                86400,
            ),
            ("b_presign_token", true, &self.url_test, "test.txt", 3600),
            (
                "c_presign_unicode_token",
                true,
                &self.url_unicode,
                UNICODE_KEY,
                3600,
            ),
        ]
    }

    fn awssig_signer(&self, with_token: bool) -> &Signer {
        if with_token {
            &self.awssig.token
        } else {
            &self.awssig.plain
        }
    }

    /// Builds every signer and checks that they agree, before anything is timed.
    fn new() -> Fixture {
        let token = token();
        assert_eq!(token.len(), 700);
        let f = Fixture {
            url_test: format!("https://{HOST}/test.txt"),
            url_unicode: format!("https://{HOST}{UNICODE_PATH}"),
            url_put: format!("https://{HOST}/photos/report.txt"),
            hash: body_hash(),
            awssig: Awssig::new(&token),
            sigv4: sigv4::Peer::new(&token),
            rusty: rusty::Peer::new(&token),
        };
        for (_, with_token, url, key, expires) in f.presign_cases() {
            let ours = Awssig::presign(f.awssig_signer(with_token), url, expires);
            let theirs = f.sigv4.presign(with_token, url, expires);
            let rusty = f.rusty.presign(with_token, key, expires);
            assert_eq!(
                signature_of(&ours),
                signature_of(&theirs),
                "aws-sigv4 disagrees on {url}"
            );
            assert_eq!(
                signature_of(&ours),
                signature_of(&rusty),
                "rusty-s3 disagrees on {url}"
            );
            assert_eq!(sorted_query(&ours), sorted_query(&rusty), "{url}");
            assert_eq!(
                ours.split_once('?').unwrap().0,
                rusty.split_once('?').unwrap().0
            );
        }
        let ours = Awssig::sign_put(&f.awssig.token, &f.url_put, &f.hash);
        let theirs = f.sigv4.sign_put(&f.url_put, &f.hash);
        assert_eq!(
            ours.authorization(),
            theirs.headers()["authorization"].to_str().unwrap(),
            "aws-sigv4 disagrees on the PUT"
        );
        assert_eq!(
            awssig::SigningKey::derive(
                &awssig::SecretKey::new(SECRET).unwrap(),
                "20130524",
                REGION,
                "s3"
            )
            .expose(),
            sigv4::Peer::signing_key().as_ref()
        );
        f
    }

    /// The floors of (a), (b), (c) (from the same cases as the benchmarks) and (d).
    fn floors(&self) -> [(&'static str, Floor); 4] {
        let [a, b, c] = self
            .presign_cases()
            .map(|(_, with_token, url, _, expires)| {
                let signer = self.awssig_signer(with_token);
                let request = Request::new("GET", url)
                    .unwrap()
                    .with_payload(Payload::Unsigned);
                let explained = signer.explain_presign(&request, time(), expires).unwrap().1;
                Floor::new(signer, &explained)
            });
        let d = {
            let request = Request::new("PUT", &self.url_put)
                .unwrap()
                .with_headers(&PUT_HEADERS)
                .with_payload(Payload::Hash(&self.hash));
            let explained = self.awssig.token.explain_sign(&request, time()).unwrap().1;
            Floor::new(&self.awssig.token, &explained)
        };
        [("a", a), ("b", b), ("c", c), ("d", d)]
    }
}

// ------------------------------------------------------------------------------------------
// Benchmarks

fn benches(c: &mut Criterion) {
    let f = Fixture::new();

    for (name, with_token, url, key, expires) in f.presign_cases() {
        let mut group = c.benchmark_group(name);
        let signer = f.awssig_signer(with_token);
        group.bench_function("awssig", |b| {
            b.iter(|| Awssig::presign(signer, black_box(url), expires))
        });
        group.bench_function("aws-sigv4", |b| {
            b.iter(|| f.sigv4.presign(with_token, black_box(url), expires))
        });
        group.bench_function("rusty-s3", |b| {
            b.iter(|| f.rusty.presign(with_token, black_box(key), expires))
        });
        group.finish();
    }

    let mut group = c.benchmark_group("d_sign_put_headers_token");
    group.bench_function("awssig", |b| {
        b.iter(|| Awssig::sign_put(&f.awssig.token, black_box(&f.url_put), &f.hash))
    });
    group.bench_function("aws-sigv4", |b| {
        b.iter(|| f.sigv4.sign_put(black_box(&f.url_put), &f.hash))
    });
    group.finish();

    let mut group = c.benchmark_group("e_signing_key");
    let secret = awssig::SecretKey::new(SECRET).unwrap();
    group.bench_function("awssig", |b| {
        b.iter(|| SigningKey::derive(black_box(&secret), "20130524", REGION, "s3"))
    });
    group.bench_function("aws-sigv4", |b| b.iter(sigv4::Peer::signing_key));
    group.finish();

    let mut group = c.benchmark_group("f_floor");
    for (name, floor) in f.floors() {
        group.bench_function(name, |b| b.iter(|| floor.run()));
    }
    group.finish();

    let mut group = c.benchmark_group("g_shared_signer");
    let signer = &f.awssig.token;
    let url = &f.url_test;
    group.bench_function("1_thread", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(Awssig::presign(signer, url, 3600));
            }
            start.elapsed()
        })
    });
    group.bench_function("2_threads", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            std::thread::scope(|scope| {
                for _ in 0..2 {
                    scope.spawn(|| {
                        for _ in 0..iters {
                            black_box(Awssig::presign(signer, url, 3600));
                        }
                    });
                }
            });
            start.elapsed()
        })
    });
    group.finish();
}

criterion_group!(signing, benches);

// ------------------------------------------------------------------------------------------
// The summary table

fn median_ns(id: &str) -> Option<f64> {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let text =
        std::fs::read_to_string(dir.join("criterion").join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn print_table() {
    let f = Fixture::new();
    // Each case's benchmark group and allocations per operation (awssig, aws-sigv4,
    // rusty-s3), in the order of the floors.
    let presigns = f
        .presign_cases()
        .map(|(id, with_token, url, key, expires)| {
            (
                id,
                allocations_of(|| Awssig::presign(f.awssig_signer(with_token), url, expires)),
                allocations_of(|| f.sigv4.presign(with_token, url, expires)),
                Some(allocations_of(|| f.rusty.presign(with_token, key, expires))),
            )
        });
    let put = (
        "d_sign_put_headers_token",
        allocations_of(|| Awssig::sign_put(&f.awssig.token, &f.url_put, &f.hash)),
        allocations_of(|| f.sigv4.sign_put(&f.url_put, &f.hash)),
        None,
    );
    let titles = [
        "(a) presign GET, no token, 86400 s",
        "(b) presign GET, 700-char token",
        "(c) presign GET unicode key, token",
        "(d) header-sign PUT, 5 headers, token",
    ];
    let fmt = |ns: Option<f64>| ns.map_or("-".to_string(), |v| format!("{v:.0} ns"));
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}x", a / b),
        _ => "-".into(),
    };
    println!();
    println!(
        "| case | awssig | allocs | floor (blocks) | vs floor | aws-sigv4 (allocs) | awssig faster | rusty-s3 (allocs) | awssig faster |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let rows = presigns
        .into_iter()
        .chain([put])
        .zip(titles)
        .zip(f.floors());
    for (((id, allocations, sigv4_allocs, rusty_allocs), title), (floor_id, floor)) in rows {
        let ours = median_ns(&format!("{id}/awssig"));
        let floor_ns = median_ns(&format!("f_floor/{floor_id}"));
        let blocks = floor.blocks();
        let sigv4 = median_ns(&format!("{id}/aws-sigv4"));
        let rusty = median_ns(&format!("{id}/rusty-s3"));
        println!(
            "| {title} | {} | {} | {} ({blocks}) | {} | {} ({sigv4_allocs}) | {} | {} ({}) | {} |",
            fmt(ours),
            allocations,
            fmt(floor_ns),
            ratio(ours, floor_ns),
            fmt(sigv4),
            ratio(sigv4, ours),
            fmt(rusty),
            rusty_allocs.map_or("-".into(), |a| a.to_string()),
            ratio(rusty, ours),
        );
    }
    let key = median_ns("e_signing_key/awssig");
    let key_peer = median_ns("e_signing_key/aws-sigv4");
    println!(
        "| (e) signing-key derivation | {} | 0 | - | - | {} | {} | - | - |",
        fmt(key),
        fmt(key_peer),
        ratio(key_peer, key)
    );
    let one = median_ns("g_shared_signer/1_thread");
    let two = median_ns("g_shared_signer/2_threads");
    if let (Some(one), Some(two)) = (one, two) {
        println!(
            "| (g) one signer, 2 threads | {:.2}x the 1-thread rate ({one:.0} ns vs {:.0} ns per presign) | | | | | | | |",
            2.0 * one / two,
            two / 2.0
        );
    }
    println!();
}

fn main() {
    signing();
    Criterion::default().configure_from_args().final_summary();
    print_table();
}
