#!/usr/bin/env bash
# Sealed PDFs for the verification tests, made with pyHanko (PAdES, the structure Signet's own
# seals have; run by Debian's python3, where scripts/setup installs it): a root CA and a seal
# certificate (ECDSA P-256 or RSA 2048, keyUsage digitalSignature + nonRepudiation) made with
# openssl, then one seal or two on INPUT.
#   sealed_fixture.sh OUTDIR ec|rsa INPUT.pdf SEALS [TSA_URL]
# Writes OUTDIR/root.pem, seal.pem, seal.key, and sealed-1.pdf .. sealed-SEALS.pdf (each the
# previous one plus one seal; B-T when TSA_URL is given).
set -euo pipefail
out=$1 kind=$2 input=$3 seals=$4 tsa=${5:-}
mkdir -p "$out"
cd "$out"
case $kind in
  ec) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
  rsa) key=(-newkey rsa:2048) ;;
  *) echo "kind must be ec or rsa" >&2; exit 2 ;;
esac
openssl req -x509 "${key[@]}" -nodes -keyout root.key -out root.pem -days 30 -subj "/CN=Test Seal Root" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req "${key[@]}" -nodes -keyout seal.key -out seal.csr -subj "/O=Signet Test/CN=Signet Test Seal" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' > seal.ext
openssl x509 -req -in seal.csr -CA root.pem -CAkey root.key -CAcreateserial -out seal.pem -days 30 -extfile seal.ext 2>/dev/null
previous=$input
for n in $(seq 1 "$seals"); do
  /usr/bin/python3 -m pyhanko sign addsig --field "Seal$n" --use-pades ${tsa:+--timestamp-url "$tsa"} \
    pemder --key seal.key --cert seal.pem --chain root.pem --no-pass "$previous" "sealed-$n.pdf"
  previous=sealed-$n.pdf
done
