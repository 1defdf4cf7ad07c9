#!/bin/bash
# The mc commands docker-compose.yml's minio-init runs, against the stand-in S3 server. Buckets are created for real
# (a SigV4-signed PUT); the S3 server has one identity, so the admin commands (policy, user) change nothing: the
# stack's S3_ACCESS_KEY must be the root user there (the compose test's .env says so).
set -euo pipefail
conf=${HOME:-/tmp}/.mc-stand-in; [[ -w ${HOME:-/nonexistent} ]] || conf=/tmp/.mc-stand-in
case "$1 ${2:-}" in
  "alias set") printf '%s %s %s\n' "$4" "$5" "$6" > "$conf"; exit 0 ;;
  "ready local") exec curl -s -o /dev/null --max-time 4 http://127.0.0.1:9000/ ;;
  "mb --ignore-existing")
    read -r url user secret < "$conf"; bucket=${3#local/}
    code=$(curl -s -o /dev/null -w "%{http_code}" --aws-sigv4 "aws:amz:us-east-1:s3" -u "$user:$secret" \
      -H "x-amz-content-sha256: $(printf "" | sha256sum | cut -d" " -f1)" -X PUT "$url/$bucket")
    [[ $code == 200 || $code == 409 ]] && { echo "Bucket created successfully \`local/$bucket\`."; exit 0; }
    echo "mc mb: HTTP $code" >&2; exit 1 ;;
  "admin user")
    [[ $3 == info ]] && { echo "AccessKey: $5"; echo "PolicyName: stylesync-app"; }; exit 0 ;;
  "admin policy") exit 0 ;;
esac
echo "stand-in mc: unsupported: $*" >&2; exit 2
