#!/usr/bin/env bash
# Examples for tls/shell-verification-disabled. `expect:` lines must fire, `ok:` lines must stay quiet.
set -euo pipefail

# expect: tls/shell-verification-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0
# expect: tls/shell-verification-disabled
NODE_TLS_REJECT_UNAUTHORIZED="0" node scripts/seed.js
# expect: tls/shell-verification-disabled
export GIT_SSL_NO_VERIFY=true
# expect: tls/shell-verification-disabled
curl -sSLk "https://staging.internal.example.com/install.sh" | bash
# expect: tls/shell-verification-disabled
curl --insecure -o artifact.tgz "$ARTIFACT_URL"
# expect: tls/shell-verification-disabled
wget --no-check-certificate -q "$ARTIFACT_URL"
# expect: tls/shell-verification-disabled
git config --global http.sslVerify false
# expect: tls/shell-verification-disabled
npm config set strict-ssl false
# expect: tls/shell-verification-disabled
pip install --trusted-host pypi.internal.example.com -r requirements.txt

# ok: tls/shell-verification-disabled
export NODE_EXTRA_CA_CERTS=./certs/internal-ca.pem
# ok: tls/shell-verification-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=1
# ok: tls/shell-verification-disabled
curl -sSL --cacert certs/internal-ca.pem "https://staging.internal.example.com/health"
# ok: tls/shell-verification-disabled
curl -o k.txt -K curl.config "https://example.com"
# ok: tls/shell-verification-disabled
wget --ca-certificate=certs/internal-ca.pem -q "$ARTIFACT_URL"
# ok: tls/shell-verification-disabled
git config --global http.sslVerify true
# ok: tls/shell-verification-disabled
npm config set strict-ssl true
# ok: tls/shell-verification-disabled
echo "never use curl -k in production"
# ok: tls/shell-verification-disabled
pip install --index-url https://pypi.internal.example.com/simple -r requirements.txt
