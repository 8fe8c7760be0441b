//! The S3-compatible server `s3s-fs`, started on 127.0.0.1 for a test, and a minimal HTTP/1.1
//! client that sends paths exactly as given.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use awssig::{Addressing, AmzDate, Credentials, Request, S3Request, Signer, SigningOptions};

pub const ACCESS_KEY: &str = "AKIDAWSSIGTEST";
pub const SECRET_KEY: &str = "awssig/test+secret/KEY0123456789abcdefghij";
pub const BUCKET: &str = "awssig-test";

pub struct Server {
    child: Child,
    pub port: u16,
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
pub fn start_server() -> Option<Server> {
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
        // Virtual-hosted requests for AWS's own host name reach it with that Host header.
        .args(["--domain", "s3.amazonaws.com"])
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

pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Sends `method url` with `headers` and `body`, the URL's path and query exactly as given.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let rest = url.strip_prefix("http://").unwrap();
    let (authority, target) = rest.split_at(rest.find('/').unwrap());
    exchange(authority, authority, method, target, headers, body)
}

/// Sends a request for `host` (a virtual-hosted AWS name) to the local server.
pub fn send_with_host(server: &Server, host: &str, method: &str, target: &str) -> Response {
    let address = format!("127.0.0.1:{}", server.port);
    exchange(&address, host, method, target, &[], b"")
}

fn exchange(
    address: &str,
    host: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
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
pub fn signer(secret: &str, token: Option<&str>) -> Signer {
    let mut creds = Credentials::new(ACCESS_KEY, secret).unwrap();
    if let Some(token) = token {
        creds = creds.with_session_token(token).unwrap();
    }
    Signer::new(creds, "us-east-1", "s3", SigningOptions::s3()).unwrap()
}

pub fn endpoint(server: &Server) -> String {
    format!("http://127.0.0.1:{}", server.port)
}

pub fn presign(signer: &Signer, server: &Server, method: &str, key: &str, expires: u64) -> String {
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
pub fn create_bucket(server: &Server) {
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
