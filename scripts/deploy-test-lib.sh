# Shared by scripts/test-slurm.sh and scripts/test-parallel.sh (sourced, not run).

# install_debian PACKAGE...: apt-get install, as root, with one `apt-get update` per process.
# Services the packages would start are kept from starting (a temporary policy-rc.d where the
# machine has none): the tests start their own daemons and stop exactly those.
# Returns non-zero when it cannot (not root, no apt-get, or the install failed).
install_debian() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    local own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
    fi
    local status=0
    echo "Installing $* with apt-get"
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq >/dev/null || status=$?
        APT_UPDATED=1
    fi
    [ "$status" = 0 ] && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?; }
    [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
    return "$status"
}

# same_csvs EXPECTED ACTUAL: every CSV file of one report byte-identical to the other's, and the
# same set of them. Prints what differs and returns non-zero.
same_csvs() {
    local expected=$1 actual=$2 name count=0 status=0
    for name in $(cd "$expected" && ls -- *.csv); do
        count=$((count + 1))
        if ! cmp -s "$expected/$name" "$actual/$name"; then
            echo "differs: $name" >&2
            diff "$expected/$name" "$actual/$name" 2>&1 | head -10 >&2 || true
            status=1
        fi
    done
    for name in $(cd "$actual" && ls -- *.csv); do
        [ -e "$expected/$name" ] || { echo "not written by one run: $name" >&2; status=1; }
    done
    [ "$count" -gt 0 ] || { echo "no CSV in $expected" >&2; status=1; }
    CSV_COUNT=$count
    return "$status"
}
