#!/usr/bin/env bash
# Installs what is missing, builds, and runs every check CI runs (.ci/run calls this with no arguments).
# Usage: tools/test.sh [--quick] [--fuzz-seconds N]
#   --quick           skip the ASan build and fuzzing (for daily use)
#   --fuzz-seconds N  how long each fuzz target runs (default: $CASEGRAPH_FUZZ_SECONDS or 10)
# Build dirs (build/, build-asan/, build-fuzz/) are reused when present, so a re-run only rebuilds changes.
# A failing stage does not stop the later ones (except deps); the summary at the end says which failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=0
fuzz_seconds=${CASEGRAPH_FUZZ_SECONDS:-10}
while (($# > 0)); do
    case $1 in
    --quick) quick=1 ;;
    --fuzz-seconds)
        fuzz_seconds=${2:?--fuzz-seconds needs a number}
        shift
        ;;
    -h | --help)
        sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "tools/test.sh: unknown argument $1 (try --help)" >&2
        exit 2
        ;;
    esac
    shift
done

jobs=$(nproc)

# configure DIR ARGS...: first time with Ninja; later runs keep the generator the cache already has.
configure() {
    local dir=$1
    shift
    local gen=()
    [[ -f $dir/CMakeCache.txt ]] || gen=(-G Ninja)
    cmake -S . -B "$dir" "${gen[@]}" "$@"
}

stage_deps() { tools/install-deps.sh; }

stage_release() {
    configure build -DCMAKE_BUILD_TYPE=Release -DCASEGRAPH_WERROR=ON
    cmake --build build -j "$jobs"
    ctest --test-dir build --output-on-failure --no-tests=error -j "$jobs"
}

stage_asan() {
    # The workstation (ui/) is left out here: its tests run in the release stage, and its OpenGL drivers
    # are outside what the sanitizers should judge.
    configure build-asan -DCMAKE_BUILD_TYPE=Debug -DCASEGRAPH_SANITIZE=ON -DCASEGRAPH_UI=OFF
    cmake --build build-asan -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure --no-tests=error -j "$jobs"
}

stage_format() {
    local files=()
    mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp')
    echo "clang-format: checking ${#files[@]} files"
    ((${#files[@]} == 0)) || clang-format --dry-run -Werror -- "${files[@]}" || {
        echo "fix with: git ls-files -- '*.cpp' '*.hpp' | xargs clang-format -i"
        return 1
    }
}

stage_shellcheck() {
    local files=()
    mapfile -t files < <(git ls-files -- '*.sh' .ci/run)
    echo "shellcheck: checking ${#files[@]} files"
    ((${#files[@]} == 0)) || shellcheck -- "${files[@]}"
}

stage_fuzz() {
    CC=clang-14 CXX=clang++-14 configure build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCASEGRAPH_WERROR=ON \
        -DCASEGRAPH_FUZZ=ON -DCASEGRAPH_UI=OFF -DBUILD_TESTING=OFF
    cmake --build build-fuzz -j "$jobs" --target fuzz_all
    fuzz/run.sh build-fuzz "$fuzz_seconds"
}

results=()
failures=0
# run STAGE: runs stage_STAGE in a subshell with errexit on, records PASS/FAIL and its time.
run() {
    local name=$1 start rc
    start=$SECONDS
    echo
    echo "===== $name ====="
    set +e
    (
        set -e
        "stage_$name"
    )
    rc=$?
    set -e
    local took=$((SECONDS - start))
    if ((rc == 0)); then
        results+=("PASS  $name (${took}s)")
    else
        results+=("FAIL  $name (${took}s, exit $rc)")
        failures=$((failures + 1))
        echo "===== $name FAILED (exit $rc) ====="
    fi
    return "$rc"
}

summary() {
    echo
    echo "===== summary ====="
    printf '%s\n' "${results[@]}"
    ((quick == 0)) || echo "SKIP  asan, fuzz (--quick)"
    echo "stages: $((${#results[@]} - failures)) passed, $failures failed"
}

if ! run deps; then
    summary
    exit 1
fi
run release || true
((quick == 1)) || run asan || true
run format || true
run shellcheck || true
((quick == 1)) || run fuzz || true

summary
((failures == 0))
