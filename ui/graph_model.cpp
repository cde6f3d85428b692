// Graph canvas view model (see graph_model.hpp).
#include "graph_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace casegraph::ui {

std::uint8_t tag_bits(const std::vector<std::string>& tags) {
    std::uint8_t b = 0;
    for (const auto& t : tags) {
        if (t == "suspect")
            b |= tag_suspect;
        else if (t == "victim")
            b |= tag_victim;
        else if (t == "witness")
            b |= tag_witness;
        else
            b |= tag_other;
    }
    return b;
}

void GraphModel::load(const store::Db& db, const std::function<std::string(const std::string&)>& drawable) {
    std::vector<GraphNode> nodes;
    std::vector<GraphEdge> edges;
    std::unordered_map<std::int64_t, std::uint32_t> idx;
    auto st = db.prepare("SELECT e.id, e.kind, e.label FROM entity e WHERE e.id IN "
                         "(SELECT a FROM link UNION SELECT b FROM link UNION "
                         " SELECT entity_id FROM tag WHERE removed_at IS NULL) ORDER BY e.id");
    while (st.step()) {
        GraphNode n;
        n.entity = st.column_int64(0);
        n.kind = st.column_text(1);
        n.raw_label = st.column_text(2);
        n.label = drawable ? drawable(n.raw_label) : n.raw_label;
        idx.emplace(n.entity, static_cast<std::uint32_t>(nodes.size()));
        nodes.push_back(std::move(n));
    }
    auto tg = db.prepare("SELECT entity_id, tag FROM tag WHERE removed_at IS NULL");
    while (tg.step()) {
        if (auto it = idx.find(tg.column_int64(0)); it != idx.end())
            nodes[it->second].tags |= tag_bits({tg.column_text(1)});
    }
    auto ls =
        db.prepare("SELECT id, a, b, kind, directed, count, coalesce(total_minor, 0), currency FROM link "
                   "ORDER BY id");
    while (ls.step()) {
        GraphEdge e;
        e.link_id = ls.column_int64(0);
        e.a = idx.at(ls.column_int64(1));
        e.b = idx.at(ls.column_int64(2));
        e.kind = ls.column_text(3);
        e.directed = ls.column_int64(4) != 0;
        e.count = ls.column_int64(5);
        e.total_minor = ls.column_int64(6);
        e.currency = ls.column_text(7);
        edges.push_back(std::move(e));
    }
    assign(std::move(nodes), std::move(edges));
    start_layout();
}

void GraphModel::assign(std::vector<GraphNode> nodes, std::vector<GraphEdge> edges) {
    layout_.stop();
    nodes_ = std::move(nodes);
    edges_ = std::move(edges);
    index_.clear();
    adj_.assign(nodes_.size(), {});
    for (std::uint32_t i = 0; i < nodes_.size(); ++i)
        index_.emplace(nodes_[i].entity, i);
    for (auto& n : nodes_)
        n.weight = 0;
    for (std::uint32_t e = 0; e < edges_.size(); ++e) {
        adj_[edges_[e].a].push_back(e);
        adj_[edges_[e].b].push_back(e);
        nodes_[edges_[e].a].weight += static_cast<float>(edges_[e].count);
        nodes_[edges_[e].b].weight += static_cast<float>(edges_[e].count);
    }
    pos_.assign(nodes_.size(), Vec2{});
    time_edge_ok_.assign(edges_.size(), 1);
    time_filtered_ = false;
    recompute_visible();
}

void GraphModel::start_layout(LayoutParams params) {
    std::vector<LayoutEdge> le;
    le.reserve(edges_.size());
    for (const auto& e : edges_)
        le.push_back({e.a, e.b, 1.0f + 0.25f * std::log10(1.0f + static_cast<float>(e.count))});
    layout_.start(nodes_.size(), std::move(le), params);
    seen_generation_ = 0;
    sync_positions();
}

std::optional<std::uint32_t> GraphModel::node_of(std::int64_t entity) const {
    if (auto it = index_.find(entity); it != index_.end())
        return it->second;
    return std::nullopt;
}

void GraphModel::recompute_visible() {
    edge_visible_.assign(edges_.size(), 0);
    visible_.assign(nodes_.size(), 0);
    for (std::size_t e = 0; e < edges_.size(); ++e) {
        const auto& ed = edges_[e];
        if (!time_edge_ok_[e] || nodes_[ed.a].hidden || nodes_[ed.b].hidden)
            continue;
        edge_visible_[e] = 1;
        visible_[ed.a] = visible_[ed.b] = 1;
    }
    // Without a time filter, isolated tagged entities still show: the analyst tagged them.
    if (!time_filtered_)
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            if (!nodes_[i].hidden && adj_[i].empty())
                visible_[i] = 1;
    visible_total_ = static_cast<std::size_t>(std::count(visible_.begin(), visible_.end(), 1));
}

void GraphModel::set_time_filter(const std::unordered_set<std::int64_t>& active_links) {
    for (std::size_t e = 0; e < edges_.size(); ++e)
        time_edge_ok_[e] = active_links.count(edges_[e].link_id) ? 1 : 0;
    time_filtered_ = true;
    recompute_visible();
}

void GraphModel::clear_time_filter() {
    std::fill(time_edge_ok_.begin(), time_edge_ok_.end(), 1);
    time_filtered_ = false;
    recompute_visible();
}

void GraphModel::hide(std::uint32_t i) {
    nodes_[i].hidden = true;
    nodes_[i].selected = false;
    recompute_visible();
}

void GraphModel::unhide_all() {
    for (auto& n : nodes_)
        n.hidden = false;
    recompute_visible();
}

std::size_t GraphModel::hidden_count() const {
    return static_cast<std::size_t>(
        std::count_if(nodes_.begin(), nodes_.end(), [](const auto& n) { return n.hidden; }));
}

void GraphModel::select_only(std::optional<std::uint32_t> i) {
    for (auto& n : nodes_)
        n.selected = false;
    if (i && *i < nodes_.size())
        nodes_[*i].selected = true;
}

void GraphModel::toggle_selected(std::uint32_t i) {
    nodes_[i].selected = !nodes_[i].selected;
}

std::size_t GraphModel::box_select(Rect screen, bool additive) {
    if (!additive)
        select_only(std::nullopt);
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
        if (visible_[i] && screen.contains(camera.to_screen(pos_[i]))) {
            nodes_[i].selected = true;
            ++n;
        }
    }
    return n;
}

std::vector<std::uint32_t> GraphModel::selected() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].selected)
            out.push_back(i);
    return out;
}

std::size_t GraphModel::expand_selection() {
    std::vector<std::uint32_t> add;
    for (auto i : selected())
        for (auto e : adj_[i])
            if (edge_visible_[e])
                add.push_back(edges_[e].a == i ? edges_[e].b : edges_[e].a);
    std::size_t n = 0;
    for (auto j : add)
        if (!nodes_[j].selected) {
            nodes_[j].selected = true;
            ++n;
        }
    return n;
}

float GraphModel::node_radius_px(std::uint32_t i) const {
    // Size grows with the log of the node's volume; zooming scales it, but never below a clickable dot.
    const float world = 6.0f + 3.0f * std::log10(1.0f + nodes_[i].weight);
    return std::clamp(world * camera.zoom, 2.0f, 40.0f);
}

std::optional<std::uint32_t> GraphModel::hit_test(Vec2 screen, float slop_px) const {
    std::optional<std::uint32_t> best;
    float best_d2 = std::numeric_limits<float>::max();
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
        if (!visible_[i])
            continue;
        const Vec2 d = camera.to_screen(pos_[i]) - screen;
        const float d2 = d.x * d.x + d.y * d.y;
        const float r = node_radius_px(i) + slop_px;
        if (d2 <= r * r && d2 < best_d2) {
            best_d2 = d2;
            best = i;
        }
    }
    return best;
}

std::vector<CellEdge> GraphModel::aggregated_edges() const {
    // Snap both ends to a screen grid cell; all edges between the same two cells become one line
    // whose weight is their summed count. At 100k nodes this bounds the lines to what can be seen.
    const float c = lod.cell_px;
    auto cell = [&](Vec2 s) {
        return std::pair<std::int32_t, std::int32_t>{static_cast<std::int32_t>(std::floor(s.x / c)),
                                                     static_cast<std::int32_t>(std::floor(s.y / c))};
    };
    std::map<std::pair<std::pair<std::int32_t, std::int32_t>, std::pair<std::int32_t, std::int32_t>>,
             std::int64_t>
        agg;
    for (std::size_t e = 0; e < edges_.size(); ++e) {
        if (!edge_visible_[e])
            continue;
        auto ca = cell(camera.to_screen(pos_[edges_[e].a]));
        auto cb = cell(camera.to_screen(pos_[edges_[e].b]));
        if (ca == cb)
            continue;
        if (cb < ca)
            std::swap(ca, cb);
        agg[{ca, cb}] += edges_[e].count;
    }
    std::vector<CellEdge> out;
    out.reserve(agg.size());
    for (const auto& [k, n] : agg) {
        const Vec2 a{(static_cast<float>(k.first.first) + 0.5f) * c,
                     (static_cast<float>(k.first.second) + 0.5f) * c};
        const Vec2 b{(static_cast<float>(k.second.first) + 0.5f) * c,
                     (static_cast<float>(k.second.second) + 0.5f) * c};
        out.push_back({a, b, n});
    }
    return out;
}

std::vector<std::uint32_t> GraphModel::labelled_nodes() const {
    std::vector<std::uint32_t> out;
    if (!labels_visible())
        return out;
    for (std::uint32_t i = 0; i < nodes_.size(); ++i)
        if (visible_[i] && camera.viewport.contains(camera.to_screen(pos_[i])))
            out.push_back(i);
    // Selected and tagged nodes first, then the heaviest: the cap drops the least informative labels.
    auto rank = [this](std::uint32_t i) {
        return (nodes_[i].selected ? 1e12f : 0.f) + (nodes_[i].tags ? 1e11f : 0.f) + nodes_[i].weight;
    };
    if (out.size() > lod.max_labels) {
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(lod.max_labels), out.end(),
                          [&](auto x, auto y) { return rank(x) > rank(y); });
        out.resize(lod.max_labels);
    }
    return out;
}

void GraphModel::fit_view() {
    Vec2 lo{std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
    Vec2 hi{-lo.x, -lo.y};
    bool any = false;
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
        if (!visible_[i])
            continue;
        any = true;
        lo = {std::min(lo.x, pos_[i].x), std::min(lo.y, pos_[i].y)};
        hi = {std::max(hi.x, pos_[i].x), std::max(hi.y, pos_[i].y)};
    }
    if (!any)
        return;
    camera.centre = {(lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f};
    const float w = std::max(hi.x - lo.x, 1.0f) * 1.15f + 80.0f;
    const float h = std::max(hi.y - lo.y, 1.0f) * 1.15f + 80.0f;
    camera.zoom =
        std::clamp(std::min(camera.viewport.width() / w, camera.viewport.height() / h), 0.01f, 4.0f);
}

void GraphModel::relabel(const std::function<std::string(const std::string&)>& drawable) {
    for (auto& n : nodes_)
        n.label = drawable ? drawable(n.raw_label) : n.raw_label;
}

void GraphModel::set_tags(std::int64_t entity, std::uint8_t bits) {
    if (auto i = node_of(entity))
        nodes_[*i].tags = bits;
}

} // namespace casegraph::ui
