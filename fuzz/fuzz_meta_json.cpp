// libFuzzer target: the meta-json importer on arbitrary bytes (as message_1.json), through the real ingest
// loop (two simdjson On-Demand passes, mojibake repair, savepoints, diagnostics). Must never crash.
// The shared runner is format-agnostic despite its name (it writes the bytes and forces --format).
#include "fuzz_android_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return casegraph::fuzz::run_android_importer("meta-json", data, size, "message_1.json");
}
