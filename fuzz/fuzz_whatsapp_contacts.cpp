// libFuzzer target: the whatsapp-contacts importer on arbitrary bytes (as wa.db) must never crash.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("whatsapp-contacts", data, size, "wa.db");
}
