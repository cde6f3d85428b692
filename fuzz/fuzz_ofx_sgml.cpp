// libFuzzer target for the OFX tokenizer: any bytes give a document (never a crash), and the node arena
// keeps its invariants (parents before children, every child listed once, paths resolvable), also when
// the streaming parse drops subtrees as they close.
#include "ingest/ofx_sgml.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
void require(bool ok) {
    if (!ok)
        __builtin_trap();
}

// The arena's invariants, which must hold with or without subtrees dropped while parsing.
void check(const casegraph::ingest::ofx::Document& doc) {
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
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casegraph::ingest;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)ofx::looks_like_ofx(bytes);
    check(ofx::parse(bytes));
    // The importer's streaming parse: every other closed aggregate dropped (STMTTRN always), with the
    // subtree complete when it is offered and `consumed` never going back or past the input.
    ofx::Document doc;
    std::size_t last = 0;
    bool odd = false;
    ofx::parse(doc, bytes, [&](std::size_t node, std::size_t consumed) {
        require(node < doc.nodes.size() && consumed >= last && consumed <= size);
        last = consumed;
        for (auto c : doc.nodes[node].children)
            require(doc.nodes[c].parent == node);
        odd = !odd;
        return odd || doc.nodes[node].name == "STMTTRN";
    });
    check(doc);
    for (const auto& n : doc.nodes)
        require(!n.dropped || n.children.empty());
    return 0;
}
