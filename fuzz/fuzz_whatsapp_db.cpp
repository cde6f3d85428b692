// libFuzzer target: the whatsapp-db importer on arbitrary bytes (as msgstore.db) must never crash.
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("whatsapp-db", data, size, "msgstore.db");
}
