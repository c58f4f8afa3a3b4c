#!/bin/sh
# Adds "listen [::]:80;" to the default server when the container has IPv6,
# unless the file was changed by hand (then it is left alone).
set -e

ME=$(basename "$0")
CONF=/etc/nginx/conf.d/default.conf

[ -f /proc/net/if_inet6 ] || { echo "$ME: info: no IPv6 in this container, skipping"; exit 0; }
[ -w "$CONF" ] || { echo "$ME: info: $CONF is not writable, skipping"; exit 0; }

if grep -q 'listen  *\[::\]:80;' "$CONF"; then
    echo "$ME: info: $CONF already listens on IPv6"
    exit 0
fi

sed -i -E 's,listen       80;,listen       80;\n    listen  [::]:80;,' "$CONF"
echo "$ME: info: Enabled listen on IPv6 in $CONF"
