// libFuzzer target: the android-contacts importer on arbitrary bytes (as contacts2.db) must never crash.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("android-contacts", data, size, "contacts2.db");
}
