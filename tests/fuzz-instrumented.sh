#!/bin/sh
# With --enable-fuzzing, the libraries the fuzz targets link are compiled
# with coverage instrumentation too, not only the targets' own files:
# otherwise libFuzzer sees the harness and none of the parser it fuzzes.
# Configures a scratch clang build and looks for coverage hooks in the
# objects of src/common/libcommon.a (the hsflowd.auto parser among them).
. "$top_srcdir/tests/lib/harness.sh"
require_cmd clang nm
printf 'int main(void){return 0;}\n' > "$TEST_DIR/t.c"
clang -fsanitize=fuzzer-no-link,address -o "$TEST_DIR/t" "$TEST_DIR/t.c" 2>/dev/null \
    || skip "clang cannot build with -fsanitize=fuzzer-no-link here"
[ ! -f "$top_srcdir/config.status" ] || skip "the source tree is configured in place"
mkdir "$TEST_DIR/build"
cd "$TEST_DIR/build"
CC=clang "$top_srcdir/configure" --enable-fuzzing > configure.log 2>&1 \
    || { tail -20 configure.log >&2; fail "configure --enable-fuzzing failed"; }
make src/common/libcommon.a > make.log 2>&1 || { tail -20 make.log >&2; fail "build failed"; }
nm src/common/libcommon.a > nm.out
for o in hsauto util safefile; do
    sed -n "/libcommon_a-$o.o:/,/^\$/p" nm.out | grep -q "__sanitizer_cov" \
        || fail "$o.o in libcommon.a carries no coverage instrumentation"
done
pass "the libraries are instrumented for libFuzzer"
