// Loading links into the CSR graph (see link_graph.hpp).
#include "link_graph.hpp"

#include <boost/range/iterator_range.hpp>
#include <numeric>

namespace casegraph::graph {

LinkGraph LinkGraph::load(const store::Db& db) {
    LinkGraph lg;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    std::vector<EdgeData> props;
    auto vertex_for = [&lg](std::int64_t entity) {
        auto [it, fresh] = lg.vertex_of_.emplace(entity, lg.entity_of_.size());
        if (fresh)
            lg.entity_of_.push_back(entity);
        return it->second;
    };
    auto st = db.prepare("SELECT id, a, b, directed, count FROM link ORDER BY id");
    while (st.step()) {
        const auto a = vertex_for(st.column_int64(1));
        const auto b = vertex_for(st.column_int64(2));
        const EdgeData d{st.column_int64(0), st.column_int64(4)};
        edges.emplace_back(a, b);
        props.push_back(d);
        if (st.column_int64(3) == 0) {
            edges.emplace_back(b, a);
            props.push_back(d);
        }
    }
    lg.g_ = Csr(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), props.begin(),
                lg.entity_of_.size());
    return lg;
}

std::optional<std::size_t> LinkGraph::vertex(std::int64_t entity_id) const {
    if (auto it = vertex_of_.find(entity_id); it != vertex_of_.end())
        return it->second;
    return std::nullopt;
}

std::vector<std::size_t> LinkGraph::components(std::size_t& count) const {
    // Union-find over edges: direction does not matter for "who is connected to whom".
    std::vector<std::size_t> parent(vertex_count());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&parent](std::size_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (auto e : boost::make_iterator_range(boost::edges(g_))) {
        const auto a = find(boost::source(e, g_));
        const auto b = find(boost::target(e, g_));
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    std::vector<std::size_t> comp(vertex_count());
    std::unordered_map<std::size_t, std::size_t> index;
    for (std::size_t v = 0; v < vertex_count(); ++v) {
        auto [it, fresh] = index.emplace(find(v), index.size());
        comp[v] = it->second;
    }
    count = index.size();
    return comp;
}

} // namespace casegraph::graph
