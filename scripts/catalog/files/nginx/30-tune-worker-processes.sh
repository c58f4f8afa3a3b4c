#!/bin/sh
# With NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, sets worker_processes to
# the number of CPUs this container may use (its cgroup quota), not the host's.
set -e

ME=$(basename "$0")
[ -z "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] && exit 0

cpus=$(nproc)
if [ -r /sys/fs/cgroup/cpu.max ]; then
    read -r quota period < /sys/fs/cgroup/cpu.max
    if [ "$quota" != "max" ]; then
        cpus=$(( (quota + period - 1) / period ))
    fi
fi

sed -i -E "s/^(worker_processes\s+)[^;]+;/\1$cpus;/" /etc/nginx/nginx.conf
echo "$ME: info: worker_processes set to $cpus"
