//! Presign on EC2 with an IAM role: fetch the role's temporary credentials from the instance
//! metadata service (IMDSv2), then print a presigned GET URL that stops working no later than
//! the credentials do. The secret never leaves the process; the URL carries the access key id
//! and the session token, which are useless without it.
//!
//! Usage: ec2_presign BUCKET KEY [REGION] [EXPIRES_SECONDS]
//! (AWS_EC2_METADATA_SERVICE_ENDPOINT overrides http://169.254.169.254.)

use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use awssig::imds::{self, HttpRequestSpec};
use awssig::{
    AmzDate, CredentialExpiry, Credentials, PresignOptions, S3Request, Signer, SigningOptions,
};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bucket, key, rest @ ..] = args.as_slice() else {
        return Err("usage: ec2_presign BUCKET KEY [REGION] [EXPIRES_SECONDS]".into());
    };
    let region = rest.first().map_or("us-east-1", String::as_str);
    let expires: u64 = rest.get(1).map_or(Ok(3600), |s| s.parse())?;

    // IMDSv2: a session token, the role's name, then the role's credentials.
    let endpoint = imds::endpoint_from_env();
    let token = send(&imds::token_request(&endpoint, 21600))?;
    let role = send(&imds::role_name_request(&endpoint, &token)?)?;
    let role = role.lines().next().ok_or("the instance has no IAM role")?;
    let json = send(&imds::credentials_request(&endpoint, &token, role)?)?;
    let credentials = Credentials::from_json(&json)?;

    // Build the signer once and share it; here it signs one URL. Clamp the expiry so the URL
    // never claims to outlive the credentials (CredentialExpiry::Error would refuse instead).
    let signer = Signer::new(credentials, region, "s3", SigningOptions::s3())?;
    let options = PresignOptions::new(expires).with_credential_expiry(CredentialExpiry::Clamp);
    let url = signer.presign_s3(&S3Request::get(bucket, key), AmzDate::now(), options)?;
    println!("{url}");
    eprintln!(
        "valid for {} s, until {}",
        url.expires_in(),
        url.stops_working_at()
    );
    Ok(())
}

/// A plain HTTP/1.1 exchange with the metadata service (link-local, no TLS); any HTTP client
/// does the same with the method, URL and headers of `spec`.
fn send(spec: &HttpRequestSpec) -> Result<String, Box<dyn Error>> {
    let rest = spec
        .url
        .strip_prefix("http://")
        .ok_or("IMDS speaks plain http")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut request = format!(
        "{} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: 0\r\n",
        spec.method
    );
    for (name, value) in &spec.headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    stream.write_all(format!("{request}\r\n").as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let status = head.split_whitespace().nth(1).unwrap_or_default();
    if status != "200" {
        return Err(format!("{} {} answered {status}", spec.method, spec.url).into());
    }
    Ok(body.to_string())
}
