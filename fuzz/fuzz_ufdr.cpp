// libFuzzer target: the ufdr importer on arbitrary bytes (as report.xml) must never crash; malformed
// models and broken XML become diagnostics.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("ufdr", data, size, "report.xml");
}
