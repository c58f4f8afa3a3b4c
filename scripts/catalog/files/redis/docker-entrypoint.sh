#!/bin/sh
set -e

# "docker run redis --port 7000" means redis-server with those options.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

# Started as root: give the data directory to the redis user, then drop root.
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec gosu redis "$0" "$@"
fi

# Keep files created by redis private unless the user asked otherwise.
um="$(umask)"
if [ "$um" = '0022' ]; then
    umask 0077
fi

exec "$@"
