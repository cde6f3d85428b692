// libFuzzer target for the OFX tokenizer: any bytes give a document (never a crash), and the node arena
// keeps its invariants (parents before children, every child listed once, paths resolvable).
#include "ingest/ofx_sgml.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
void require(bool ok) {
    if (!ok)
        __builtin_trap();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casegraph::ingest;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)ofx::looks_like_ofx(bytes);
    const auto doc = ofx::parse(bytes);
    require(!doc.nodes.empty());
    std::size_t listed = 0;
    for (std::size_t i = 0; i < doc.nodes.size(); ++i) {
        const auto& n = doc.nodes[i];
        if (i != 0)
            require(n.parent < i);
        for (const auto c : n.children) {
            require(c > i && c < doc.nodes.size() && doc.nodes[c].parent == i);
            ++listed;
        }
        require(!n.leaf || n.children.empty());
    }
    require(listed + 1 == doc.nodes.size());
    if (doc.nodes.size() > 1)
        require(!doc.path(doc.nodes.size() - 1).empty());
    return 0;
}
