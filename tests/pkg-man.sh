#!/bin/sh
# Every man page passes `mandoc -Tlint` with no warning, and every option that a
# program's --help prints appears in its man page.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd mandoc

for page in "$top_srcdir"/man/*.[158]; do
    out=$(mandoc -Tlint -W warning "$page" 2>&1 || true)
    [ -z "$out" ] || fail "mandoc reports on $page: $out"
done

# check_options PROGRAM PAGE
check_options() {
    prog=$1; page=$top_srcdir/man/$2
    [ -x "$prog" ] || fail "$prog not built"
    help=$("$prog" --help 2>&1) || fail "$prog --help exited non-zero"
    text=$(mandoc -Tascii "$page" | sed 's/.\x08//g')
    opts=$(printf '%s\n' "$help" | grep -oE '(^|[][ ,|(])--?[a-zA-Z][a-zA-Z0-9-]*' \
        | sed 's/^[][ ,|(]*//' | sort -u)
    [ -n "$opts" ] || fail "no options found in $prog --help"
    for o in $opts; do
        printf '%s\n' "$text" | grep -qE -- "(^|[^a-zA-Z0-9-])$o([^a-zA-Z0-9-]|$)" \
            || fail "$(basename "$prog") option $o is missing from $(basename "$page")"
    done
    log "$(basename "$prog"): $(echo $opts | wc -w) options, all in $(basename "$page")"
}
check_options "$top_builddir/src/hsflowd/hsflowd" hsflowd.8
check_options "$top_builddir/src/sflowovsd/sflowovsd" sflowovsd.8
check_options "$top_builddir/src/sflowdump/sflowdump" sflowdump.1
pass "man pages lint-clean and complete"
