// libFuzzer target: the android-calls importer on arbitrary bytes (as calllog.db) must never crash.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("android-calls", data, size, "calllog.db");
}
