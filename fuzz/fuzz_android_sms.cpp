// libFuzzer target: the android-sms importer on arbitrary bytes (as mmssms.db) must never crash.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("android-sms", data, size, "mmssms.db");
}
