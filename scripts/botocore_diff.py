#!/usr/bin/env python3
"""Differential test: random S3 presigned URLs and header signatures from botocore and from
the awssig CLI (examples/awssig.rs), at the same instant, must carry the same signature.

    python3 scripts/botocore_diff.py --awssig target/debug/examples/awssig [--count 1000] [--seed N]

Prints the seed (replay with --seed) and the counts; exits 1 on any mismatch.
"""
import argparse
import datetime
import hashlib
import random
import subprocess
import sys
import time
from unittest import mock
from urllib.parse import quote, unquote_plus, urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDBOTOCOREDIFF"
SECRET_KEY = "botocore/diff+SECRET/key"
ATOMS = ["a", "Z", "0", "-", "_", ".", "~", " ", "+", "%", "/", "?", "#", "&", "=", "!", "$",
         "'", "(", ")", "*", ",", ";", ":", "@", "[", "]", "é", "☕", "Zürich", "..", "//"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]
HEADER_NAMES = ["content-type", "x-amz-meta-note", "X-Amz-Meta-Owner", "cache-control",
                "content-md5", "x-amz-server-side-encryption", "x-amz-meta-note"]
HEADER_VALUES = ["text/plain", "  padded  ", "a   b\tc", "UTF-8 é", "x,y", "\tt\t", "aws:kms",
                 "1B2M2Y8AsgTpgAmY7PhCfg=="]


def text(rng, most):
    return "".join(rng.choice(ATOMS) for _ in range(rng.randint(0, most)))


def host(region):
    return "examplebucket.s3.amazonaws.com" if region == "us-east-1" else f"examplebucket.s3.{region}.amazonaws.com"


def strict(value):
    return quote(value, safe="-_.~")


def random_case(rng):
    key = text(rng, 6) or "k"
    query = []
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(["versionId", "response-content-type", "response-content-disposition",
                           "partNumber", "uploadId", "x-id", text(rng, 3).replace("=", "") or "p"])
        # Excluded: repeated names (botocore's presigner keeps one value of each) and names
        # with '=' (the CLI's --query k=v cannot spell them).
        if all(name != seen for seen, _ in query):
            query.append((name, text(rng, 5)))
    headers = [(rng.choice(HEADER_NAMES), rng.choice(HEADER_VALUES)) for _ in range(rng.randint(0, 4))]
    return {
        "mode": rng.choice(["presign", "header"]),
        "method": rng.choice(["GET", "PUT", "HEAD", "DELETE"]),
        "region": rng.choice(REGIONS),
        "key": key,
        "query": query,
        "headers": headers,
        "token": rng.choice([None, "".join(rng.choice("ABCxyz019+/=") for _ in range(rng.randint(10, 400)))]),
        "time": datetime.datetime(2000, 1, 1) + datetime.timedelta(seconds=rng.randrange(946_080_000)),
        "expires": rng.randint(1, 604_800),
        "body": text(rng, 8).encode(),
    }


def url_of(case):
    url = f"https://{host(case['region'])}/{quote(case['key'], safe='/~')}"
    if case["query"]:
        url += "?" + "&".join(f"{strict(k)}={strict(v)}" for k, v in case["query"])
    return url


def botocore_sign(case):
    creds = Credentials(ACCESS_KEY, SECRET_KEY, case["token"])
    request = AWSRequest(method=case["method"], url=url_of(case),
                         data=case["body"] if case["mode"] == "header" else None)
    for name, value in case["headers"]:
        request.headers[name] = value  # appends: repeated names are kept
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=case["time"]):
        if case["mode"] == "presign":
            S3SigV4QueryAuth(creds, "s3", case["region"], expires=case["expires"]).add_auth(request)
            return request.url
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(case["body"]).hexdigest()
        S3SigV4Auth(creds, "s3", case["region"]).add_auth(request)
        return request.headers["Authorization"]


def awssig_sign(case, binary):
    stamp = case["time"].strftime("%Y%m%dT%H%M%SZ")
    common = ["--region", case["region"], "--time", stamp, "--access-key", ACCESS_KEY,
              "--secret-key", SECRET_KEY]
    if case["token"]:
        common += ["--session-token", case["token"]]
    if case["mode"] == "presign":
        args = [binary, "presign", f"s3://examplebucket/{case['key']}", "--method", case["method"],
                "--expires", str(case["expires"])] + common
        for name, value in case["headers"]:
            args.append(f"--header={name}: {value}")
        for name, value in case["query"]:
            args.append(f"--query={name}={value}")  # = form: values may start with -
        stdin = None
    else:
        target = url_of(case)[len(f"https://{host(case['region'])}"):]
        lines = [f"{case['method']} {target} HTTP/1.1", f"Host: {host(case['region'])}"]
        lines += [f"{name}: {value}" for name, value in case["headers"]]
        stdin = ("\r\n".join(lines) + "\r\n\r\n").encode() + case["body"]
        args = [binary, "sign", "--request", "-"] + common
    out = subprocess.run(args, input=stdin, capture_output=True, check=False)
    if out.returncode != 0:
        return "error: " + out.stderr.decode(errors="replace").strip()
    if case["mode"] == "presign":
        return out.stdout.decode().strip()
    for line in out.stdout.decode().splitlines():
        if line.lower().startswith("authorization:"):
            return line.split(":", 1)[1].strip()
    return "error: no authorization header"


def comparable(case, signed):
    """Signature plus what a server reads: path and decoded query pairs, or the header."""
    if signed.startswith("error"):
        return signed
    if case["mode"] == "presign":
        parts = urlsplit(signed)
        pairs = sorted(tuple(unquote_plus(x) for x in (p.split("=", 1) + [""])[:2])
                       for p in parts.query.split("&") if p)
        return (parts.netloc, parts.path, pairs)
    return signed.replace(", ", ",")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--awssig", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=time.time_ns() % 2**63)
    args = parser.parse_args()
    print(f"differential vs botocore: seed {args.seed} (--seed {args.seed} replays it)")
    rng = random.Random(args.seed)
    counts = {"presign": 0, "header": 0}
    mismatches = 0
    for _ in range(args.count):
        case = random_case(rng)
        theirs = comparable(case, botocore_sign(case))
        ours = comparable(case, awssig_sign(case, args.awssig))
        if theirs != ours:
            mismatches += 1
            if mismatches <= 5:
                print(f"MISMATCH {case}\n  botocore: {theirs}\n  awssig:   {ours}")
        else:
            counts[case["mode"]] += 1
    print(f"differential vs botocore: {args.count} requests, {mismatches} mismatches "
          f"(presign {counts['presign']}, header {counts['header']})")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
