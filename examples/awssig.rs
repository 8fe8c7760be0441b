//! `awssig`: presign and sign AWS SigV4 requests from the command line.
//!
//! ```text
//! cargo run --example awssig -- presign s3://examplebucket/test.txt --expires 86400
//! cargo run --example awssig -- presign --request req.txt --service execute-api --region eu-west-1
//! cargo run --example awssig -- sign --request - < req.txt
//! ```

use std::io::Read;
use std::process::ExitCode;

use awssig::{
    Addressing, AmzDate, Credentials, PathRules, Payload, RawRequest, ReceivedRequest, S3Request,
    SessionTokenMode, Signer, SigningOptions, Verifier,
};
use clap::{Args, Parser, Subcommand};

/// AWS's documented example credentials and time: with them, the README command prints the
/// presigned URL of the S3 documentation.
const EXAMPLE_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EXAMPLE_TIME: &str = "20130524T000000Z";

#[derive(Parser)]
#[command(
    name = "awssig",
    version,
    about = "AWS Signature Version 4: presign and sign requests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a presigned URL for s3://BUCKET/KEY or for a raw HTTP request (--request).
    Presign(PresignArgs),
    /// Sign a raw HTTP request (--request) in header mode and print the signed request.
    Sign(SignArgs),
    /// Check a presigned URL or a signed raw request: prints "valid" (exit 0) or why not (exit 1).
    Verify(VerifyArgs),
}

#[derive(Args)]
struct VerifyArgs {
    /// A presigned URL.
    url: Option<String>,
    /// A signed raw HTTP/1.1 request: a file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
    /// The time to check at, YYYYMMDDTHHMMSSZ (default: now).
    #[arg(long)]
    now: Option<String>,
    #[command(flatten)]
    scope: ScopeArgs,
    #[command(flatten)]
    credentials: CredentialArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct ScopeArgs {
    /// Region.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Service (s3 uses S3 rules: no path normalization, single encoding).
    #[arg(long, default_value = "s3")]
    service: String,
}

#[derive(Args)]
struct CredentialArgs {
    /// Access key id (default: AWS_ACCESS_KEY_ID).
    #[arg(long)]
    access_key: Option<String>,
    /// Secret access key (default: AWS_SECRET_ACCESS_KEY).
    #[arg(long)]
    secret_key: Option<String>,
    /// Session token (default: AWS_SESSION_TOKEN).
    #[arg(long)]
    session_token: Option<String>,
}

/// How requests are canonicalized, for signing and verifying alike.
#[derive(Args)]
struct RuleArgs {
    /// The session token goes outside the signature, added after signing (AWS IoT).
    #[arg(long)]
    omit_session_token: bool,
    /// Keep dot segments and // in the path (non-S3 services).
    #[arg(long)]
    no_normalize: bool,
    /// Add and sign x-amz-content-sha256 (and, verifying, require it).
    #[arg(long)]
    sign_body: bool,
}

#[derive(Args)]
struct Common {
    #[command(flatten)]
    scope: ScopeArgs,
    /// Signing time, YYYYMMDDTHHMMSSZ (default: now).
    #[arg(long)]
    time: Option<String>,
    #[command(flatten)]
    credentials: CredentialArgs,
    /// Print the canonical request and string to sign instead.
    #[arg(long)]
    canonical: bool,
}

#[derive(Args)]
struct RequestArgs {
    /// A raw HTTP/1.1 request: a file, or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    request: Option<String>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct PresignArgs {
    /// s3://BUCKET/KEY; KEY is taken literally (no percent-decoding).
    #[arg(value_name = "s3://BUCKET/KEY")]
    object: Option<String>,
    /// HTTP method.
    #[arg(long, default_value = "GET", value_parser = ["GET", "PUT", "HEAD", "DELETE"])]
    method: String,
    /// X-Amz-Expires in seconds (1..=604800).
    #[arg(long, default_value_t = 3600)]
    expires: u64,
    /// Custom endpoint, scheme://host[:port] (MinIO, Ceph, R2, LocalStack).
    #[arg(long)]
    endpoint: Option<String>,
    /// Path-style addressing (endpoint/BUCKET/KEY).
    #[arg(long)]
    path_style: bool,
    /// A header the client will send, signed: 'Name: value' (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A query parameter, raw: k=v (repeatable).
    #[arg(long = "query", value_name = "K=V")]
    query: Vec<String>,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    request: RequestArgs,
}

#[derive(Args)]
struct SignArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    request: RequestArgs,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help, --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let rendered = e.to_string();
            let line = rendered.lines().next().unwrap_or("invalid arguments");
            eprintln!("awssig: {}", line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(Output::Done(output)) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Ok(Output::Rejected(reason)) => {
            println!("rejected: {reason}");
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("awssig: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What a command printed: its output, or (verify) why a request was rejected.
enum Output {
    Done(String),
    Rejected(String),
}

fn run(cli: Cli) -> Result<Output, String> {
    match cli.command {
        Command::Presign(args) => presign(args).map(Output::Done),
        Command::Sign(args) => sign(args).map(Output::Done),
        Command::Verify(args) => verify(args),
    }
}

/// Credentials from the options, else the environment, else AWS's documented example (said on
/// stderr). Returns whether the example was used.
fn credentials(args: &CredentialArgs) -> Result<(Credentials, bool), String> {
    let from_options = match (&args.access_key, &args.secret_key) {
        (Some(id), Some(secret)) => Some(Credentials::new(id, secret).map_err(|e| e.to_string())?),
        (None, None) => None,
        _ => return Err("--access-key and --secret-key go together".into()),
    };
    let (creds, example) = match from_options {
        Some(creds) => (creds, false),
        None => match Credentials::from_env() {
            Ok(creds) => (creds, false),
            Err(_) => {
                eprintln!(
                    "awssig: no credentials in the options or the environment; signing with AWS's documented example credentials ({EXAMPLE_KEY_ID})"
                );
                let creds =
                    Credentials::new(EXAMPLE_KEY_ID, EXAMPLE_SECRET).map_err(|e| e.to_string())?;
                (creds, true)
            }
        },
    };
    let creds = match &args.session_token {
        Some(token) => creds.with_session_token(token).map_err(|e| e.to_string())?,
        None => creds,
    };
    Ok((creds, example))
}

fn signing_time(common: &Common, example_credentials: bool) -> Result<AmzDate, String> {
    at_time(&common.time, example_credentials, "signing", "--time")
}

/// The given time, else the documented example time with the example credentials, else now.
fn at_time(
    time: &Option<String>,
    example_credentials: bool,
    doing: &str,
    option: &str,
) -> Result<AmzDate, String> {
    match (time, example_credentials) {
        (Some(text), _) => AmzDate::parse(text).map_err(|e| format!("{option}: {e}")),
        (None, true) => {
            eprintln!(
                "awssig: {doing} at the documented example time {EXAMPLE_TIME} (use {option} to change)"
            );
            AmzDate::parse(EXAMPLE_TIME).map_err(|e| e.to_string())
        }
        (None, false) => Ok(AmzDate::now()),
    }
}

/// The rules for `service`: S3's, or every other service's as the flags say.
fn options(service: &str, rules: &RuleArgs) -> SigningOptions {
    let mut options = if service == "s3" {
        SigningOptions::s3()
    } else if rules.no_normalize {
        SigningOptions::service().with_path_rules(PathRules::Unnormalized)
    } else {
        SigningOptions::service()
    };
    if rules.omit_session_token {
        options = options.with_session_token(SessionTokenMode::AfterSigning);
    }
    if rules.sign_body {
        options = options.with_content_sha256_header(true);
    }
    options
}

fn signer(common: &Common, rules: &RuleArgs, creds: Credentials) -> Result<Signer, String> {
    let ScopeArgs { region, service } = &common.scope;
    Signer::new(creds, region, service, options(service, rules)).map_err(|e| e.to_string())
}

fn read_request(path: &str) -> Result<String, String> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("reading standard input: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(text)
}

fn split_pairs<'a>(
    items: &'a [String],
    separator: char,
    what: &str,
) -> Result<Vec<(&'a str, &'a str)>, String> {
    items
        .iter()
        .map(|item| {
            item.split_once(separator)
                // Header lines are trimmed; query names and values are raw.
                .map(|(k, v)| {
                    if separator == ':' {
                        (k.trim(), v.trim())
                    } else {
                        (k, v)
                    }
                })
                .ok_or_else(|| format!("{what} '{item}' needs '{separator}'"))
        })
        .collect()
}

fn explained(canonical_request: &str, string_to_sign: &str) -> String {
    format!("{canonical_request}\n\n{string_to_sign}")
}

fn presign(args: PresignArgs) -> Result<String, String> {
    let (creds, example) = credentials(&args.common.credentials)?;
    let time = signing_time(&args.common, example)?;
    let signer = signer(&args.common, &args.request.rules, creds)?;
    let explain = args.common.canonical;
    match (&args.object, &args.request.request) {
        (Some(object), None) => {
            let location = object
                .strip_prefix("s3://")
                .ok_or("the object must be s3://BUCKET/KEY")?;
            let (bucket, key) = location.split_once('/').unwrap_or((location, ""));
            let headers = split_pairs(&args.headers, ':', "--header")?;
            let query = split_pairs(&args.query, '=', "--query")?;
            let mut request = S3Request::new(&args.method, bucket, key)
                .with_headers(&headers)
                .with_query(&query);
            if args.path_style {
                request = request.with_addressing(Addressing::PathStyle);
            }
            if let Some(endpoint) = &args.endpoint {
                request = request.with_endpoint(endpoint);
            }
            if explain {
                let url = request
                    .url(&args.common.scope.region)
                    .map_err(|e| e.to_string())?;
                let request = awssig::Request::new(&args.method, &url)
                    .map_err(|e| e.to_string())?
                    .with_headers(&headers)
                    .with_payload(Payload::Unsigned);
                let (_, e) = signer
                    .explain_presign(&request, time, args.expires)
                    .map_err(|e| e.to_string())?;
                return Ok(explained(&e.canonical_request, &e.string_to_sign));
            }
            let url = signer
                .presign_s3(&request, time, args.expires)
                .map_err(|e| e.to_string())?;
            Ok(url.into_string())
        }
        (None, Some(path)) => {
            let text = read_request(path)?;
            let raw = RawRequest::parse(&text).map_err(|e| e.to_string())?;
            let payload = if signer.options().path_rules == PathRules::S3 {
                Payload::Unsigned
            } else {
                Payload::Bytes(raw.body.as_bytes())
            };
            let request = raw
                .to_request()
                .map_err(|e| e.to_string())?
                .with_payload(payload);
            let (url, e) = signer
                .explain_presign(&request, time, args.expires)
                .map_err(|e| e.to_string())?;
            if explain {
                return Ok(explained(&e.canonical_request, &e.string_to_sign));
            }
            Ok(format!("https://{}{}", request.host(), url.as_str()))
        }
        (Some(_), Some(_)) => Err("give either s3://BUCKET/KEY or --request, not both".into()),
        (None, None) => Err("give s3://BUCKET/KEY or --request FILE|-".into()),
    }
}

fn sign(args: SignArgs) -> Result<String, String> {
    let path = args
        .request
        .request
        .as_deref()
        .ok_or("sign needs --request FILE|-")?;
    let (creds, example) = credentials(&args.common.credentials)?;
    let time = signing_time(&args.common, example)?;
    let signer = signer(&args.common, &args.request.rules, creds)?;
    let text = read_request(path)?;
    let raw = RawRequest::parse(&text).map_err(|e| e.to_string())?;
    let request = raw
        .to_request()
        .map_err(|e| e.to_string())?
        .with_payload(Payload::Bytes(raw.body.as_bytes()));
    let (signed, e) = signer
        .explain_sign(&request, time)
        .map_err(|e| e.to_string())?;
    if args.common.canonical {
        return Ok(explained(&e.canonical_request, &e.string_to_sign));
    }
    let mut out = format!("{} {} HTTP/1.1\n", raw.method, raw.target);
    let added: Vec<(&str, &str)> = signed.iter().collect();
    for (name, value) in &raw.headers {
        if !added.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            out.push_str(&format!("{name}: {value}\n"));
        }
    }
    for (name, value) in added {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    out.push_str(raw.body);
    Ok(out)
}

fn verify(args: VerifyArgs) -> Result<Output, String> {
    let (creds, example) = credentials(&args.credentials)?;
    let now = at_time(&args.now, example, "checking", "--now")?;
    let ScopeArgs { region, service } = &args.scope;
    let verifier = Verifier::new(region, service, options(service, &args.rules));
    let lookup = |id: &str| (id == creds.access_key_id()).then(|| creds.clone());
    let text;
    let outcome = match (&args.url, &args.request) {
        (Some(url), None) => {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .ok_or("the URL must start with http:// or https://")?;
            let (authority, target) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let target = if target.is_empty() { "/" } else { target };
            let host = authority
                .strip_suffix(":443")
                .filter(|_| url.starts_with("https://"))
                .or_else(|| {
                    authority
                        .strip_suffix(":80")
                        .filter(|_| url.starts_with("http://"))
                })
                .unwrap_or(authority);
            let headers = [("host", host)];
            let received = ReceivedRequest::new("GET", target).with_headers(&headers);
            verifier.verify(&received, now, lookup)
        }
        (None, Some(path)) => {
            text = read_request(path)?;
            let raw = RawRequest::parse(&text).map_err(|e| e.to_string())?;
            let received = ReceivedRequest::new(raw.method, raw.target)
                .with_headers(&raw.headers)
                .with_payload(Payload::Bytes(raw.body.as_bytes()));
            verifier.verify(&received, now, lookup)
        }
        (Some(_), Some(_)) => return Err("give either a URL or --request, not both".into()),
        (None, None) => return Err("give a URL or --request FILE|-".into()),
    };
    Ok(match outcome {
        Ok(_) => Output::Done("valid".into()),
        Err(reason) => Output::Rejected(reason.to_string()),
    })
}
