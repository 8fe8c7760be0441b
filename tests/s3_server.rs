//! Against a real S3-compatible server that verifies SigV4: `s3s-fs` (installed by `.ci/run`;
//! `cargo install s3s-fs@0.14.1 --features binary --locked`), started here on 127.0.0.1 with a
//! fixed key, stopped when the test ends. Requests are sent byte for byte as presigned, by a
//! minimal HTTP/1.1 client (no normalization of the path).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use awssig::{
    Addressing, AmzDate, Credentials, Payload, PresignOptions, Request, S3Request, Signer,
    SigningOptions,
};

const ACCESS_KEY: &str = "AKIDAWSSIGTEST";
const SECRET_KEY: &str = "awssig/test+secret/KEY0123456789abcdefghij";
const BUCKET: &str = "awssig-test";

struct Server {
    child: Child,
    port: u16,
    _root: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s3s_fs_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("S3S_FS") {
        return Some(PathBuf::from(path));
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("s3s-fs"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cargo/bin/s3s-fs"));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Starts s3s-fs, or returns None (and says so) outside CI when it is not installed.
fn start_server() -> Option<Server> {
    let Some(binary) = s3s_fs_binary() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "s3s-fs not found: .ci/run installs it (cargo install s3s-fs@0.14.1 --features binary --locked)"
            );
        }
        eprintln!(
            "SKIPPED: s3s-fs not installed (cargo install s3s-fs@0.14.1 --features binary --locked)"
        );
        return None;
    };
    let root = std::env::temp_dir().join(format!("awssig-s3s-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let root = TempDir(root);
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(binary)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
        .arg(&root.0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        port,
        _root: root,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "s3s-fs did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

struct Response {
    status: u16,
    body: Vec<u8>,
}

/// Sends `method url` with `headers` and `body`, the URL's path and query exactly as given.
fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, target) = rest.split_at(rest.find('/').unwrap());
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Response { status, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&data[..line_end]).to_string();
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
}

fn signer(secret: &str, token: Option<&str>) -> Signer {
    let mut creds = Credentials::new(ACCESS_KEY, secret).unwrap();
    if let Some(token) = token {
        creds = creds.with_session_token(token).unwrap();
    }
    Signer::new(creds, "us-east-1", "s3", SigningOptions::s3()).unwrap()
}

fn endpoint(server: &Server) -> String {
    format!("http://127.0.0.1:{}", server.port)
}

fn presign(signer: &Signer, server: &Server, method: &str, key: &str, expires: u64) -> String {
    let endpoint = endpoint(server);
    let request = S3Request::new(method, BUCKET, key)
        .with_endpoint(&endpoint)
        .with_addressing(Addressing::PathStyle);
    signer
        .presign_s3(&request, AmzDate::now(), expires)
        .unwrap()
        .into_string()
}

/// Creates the bucket with a header-signed request (the other output form).
fn create_bucket(server: &Server) {
    let url = format!("{}/{BUCKET}", endpoint(server));
    let request = Request::new("PUT", &url).unwrap();
    let signed = signer(SECRET_KEY, None)
        .sign(&request, AmzDate::now())
        .unwrap();
    let headers: Vec<(&str, &str)> = signed.iter().collect();
    let response = send("PUT", &url, &headers, b"");
    assert_eq!(
        response.status,
        200,
        "create bucket: {}",
        String::from_utf8_lossy(&response.body)
    );
}

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
