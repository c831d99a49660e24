#!/usr/bin/env python3
"""A time-stamp authority (RFC 3161) for tests: `openssl ts -reply` behind an HTTP server on
127.0.0.1. It makes its own small PKI (a root CA and a TSA certificate with the critical
timeStamping extended key usage) in --dir, prints the port it listens on as the first line of
stdout, and serves until it is killed or its stdin closes.

--mode says how it answers, so clients can be tested against a TSA that misbehaves:
  granted   the real answer (status granted, a token for the query)
  garbage   bytes that are not DER
  rejection status rejection (2) with a failure reason, no token
  slow      answers nothing for ten minutes
  other     a granted token for another query (another nonce and imprint)
"""
import argparse
import http.server
import os
import subprocess
import sys
import threading
import time

TSA_CNF = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
signer_cert = $dir/tsa.pem
certs = $dir/root.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def run(*args, stdin=None):
    return subprocess.run(args, check=True, capture_output=True, input=stdin).stdout


def make_pki(d):
    """A root CA and a TSA certificate signed by it, both ECDSA P-256."""
    if os.path.exists(f"{d}/tsa.pem"):
        return
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", f"{d}/root.key", "-out", f"{d}/root.pem", "-days", "30", "-subj", "/CN=Test TSA Root",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", f"{d}/tsa.key", "-out", f"{d}/tsa.csr", "-subj", "/CN=Test TSA")
    with open(f"{d}/tsa.ext", "w") as f:
        f.write("extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n")
    run("openssl", "x509", "-req", "-in", f"{d}/tsa.csr", "-CA", f"{d}/root.pem", "-CAkey", f"{d}/root.key",
        "-CAcreateserial", "-out", f"{d}/tsa.pem", "-days", "30", "-extfile", f"{d}/tsa.ext")
    with open(f"{d}/serial", "w") as f:
        f.write("01\n")
    with open(f"{d}/tsa.cnf", "w") as f:
        f.write(TSA_CNF.format(dir=d))


def reply(d, query):
    """openssl's answer to `query` (DER TimeStampReq)."""
    lock = reply.lock
    with lock:  # openssl updates the serial file: one reply at a time
        with open(f"{d}/q.tsq", "wb") as f:
            f.write(query)
        run("openssl", "ts", "-reply", "-config", f"{d}/tsa.cnf", "-queryfile", f"{d}/q.tsq", "-out", f"{d}/r.tsr")
        with open(f"{d}/r.tsr", "rb") as f:
            return f.read()


reply.lock = threading.Lock()

def rejection():
    """TimeStampResp without a token: SEQ { PKIStatusInfo SEQ { INTEGER 2 (rejection),
    statusString SEQ { UTF8String "no" }, failInfo BIT STRING badAlg } }."""
    status = bytes([0x02, 0x01, 0x02]) + bytes([0x30, 0x04, 0x0C, 0x02]) + b"no" + bytes([0x03, 0x02, 0x07, 0x80])
    info = bytes([0x30, len(status)]) + status
    return bytes([0x30, len(info)]) + info


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", default="granted", choices=["granted", "garbage", "rejection", "slow", "other"])
    args = parser.parse_args()
    d = os.path.abspath(args.dir)
    os.makedirs(d, exist_ok=True)
    make_pki(d)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            query = self.rfile.read(length)
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415)
                return
            if args.mode == "slow":
                time.sleep(600)
                return
            if args.mode == "garbage":
                body = b"this is not a time-stamp response"
            elif args.mode == "rejection":
                body = rejection()
            elif args.mode == "other":
                other = run("openssl", "ts", "-query", "-digest", "00" * 32, "-sha256", "-cert")
                body = reply(d, other)
            else:
                body = reply(d, query)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # The test that started it closes stdin (or dies): then stop.
    sys.stdin.read()


if __name__ == "__main__":
    main()
