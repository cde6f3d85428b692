// Graph canvas view model (see graph_model.hpp).
#include "graph_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace casegraph::ui {

KindId kind_id(const std::string& kind) {
    if (kind == "phone")
        return KindId::phone;
    if (kind == "person")
        return KindId::person;
    if (kind == "account")
        return KindId::account;
    if (kind == "email")
        return KindId::email;
    if (kind == "group")
        return KindId::group;
    return KindId::other;
}

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
    base_nodes_ = nodes_.size();
    groups_.clear();
    index_.clear();
    adj_.assign(nodes_.size(), {});
    for (std::uint32_t i = 0; i < nodes_.size(); ++i)
        index_.emplace(nodes_[i].entity, i);
    for (auto& n : nodes_) {
        n.weight = 0;
        n.kid = kind_id(n.kind);
        n.group = -1;
        n.highlighted = false;
    }
    for (std::uint32_t e = 0; e < edges_.size(); ++e) {
        adj_[edges_[e].a].push_back(e);
        adj_[edges_[e].b].push_back(e);
        nodes_[edges_[e].a].weight += static_cast<float>(edges_[e].count);
        nodes_[edges_[e].b].weight += static_cast<float>(edges_[e].count);
    }
    world_r_.resize(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        world_r_[i] = 6.0f + 3.0f * std::log10(1.0f + nodes_[i].weight);
    pos_.assign(nodes_.size(), Vec2{});
    time_edge_ok_.assign(edges_.size(), 1);
    time_filtered_ = false;
    edge_hl_.clear();
    highlight_label_.clear();
    recompute_ends();
    recompute_visible();
    touch_positions();
}

void GraphModel::start_layout(LayoutParams params) {
    std::vector<LayoutEdge> le;
    le.reserve(edges_.size());
    for (const auto& e : edges_)
        le.push_back({e.a, e.b, 1.0f + 0.25f * std::log10(1.0f + static_cast<float>(e.count))});
    layout_.start(base_nodes_, std::move(le), params);
    seen_generation_ = 0;
    sync_positions();
}

bool GraphModel::sync_positions() {
    if (!layout_.poll(layout_pos_, seen_generation_))
        return false;
    std::copy_n(layout_pos_.begin(), std::min(layout_pos_.size(), base_nodes_), pos_.begin());
    place_groups();
    touch_positions();
    return true;
}

void GraphModel::set_positions(std::vector<Vec2> p) {
    pos_ = std::move(p);
    pos_.resize(nodes_.size());
    place_groups();
    touch_positions();
}

void GraphModel::place_groups() {
    for (const auto& g : groups_) {
        Vec2 c{};
        for (auto m : g.members)
            c = c + pos_[m];
        pos_[g.node] = c * (1.0f / static_cast<float>(g.members.size()));
    }
}

std::optional<std::uint32_t> GraphModel::node_of(std::int64_t entity) const {
    if (auto it = index_.find(entity); it != index_.end())
        return it->second;
    return std::nullopt;
}

void GraphModel::recompute_ends() {
    ends_.resize(edges_.size());
    auto drawn = [this](std::uint32_t i) {
        return nodes_[i].group >= 0 ? groups_[static_cast<std::size_t>(nodes_[i].group)].node : i;
    };
    for (std::size_t e = 0; e < edges_.size(); ++e)
        ends_[e] = {drawn(edges_[e].a), drawn(edges_[e].b)};
}

void GraphModel::recompute_visible() {
    edge_visible_.assign(edges_.size(), 0);
    visible_.assign(nodes_.size(), 0);
    for (std::size_t e = 0; e < edges_.size(); ++e) {
        const auto& ed = edges_[e];
        const auto [a, b] = ends_[e];
        if (!time_edge_ok_[e] || nodes_[ed.a].hidden || nodes_[ed.b].hidden || nodes_[a].hidden ||
            nodes_[b].hidden)
            continue;
        if (a == b) { // inside one group: the group shows, the line does not
            visible_[a] = 1;
            continue;
        }
        edge_visible_[e] = 1;
        visible_[a] = visible_[b] = 1;
    }
    // Without a time filter, isolated tagged entities still show: the analyst tagged them.
    if (!time_filtered_) {
        for (std::size_t i = 0; i < base_nodes_; ++i) {
            if (nodes_[i].hidden || !adj_[i].empty())
                continue;
            const auto g = nodes_[i].group;
            const std::size_t shown = g >= 0 ? groups_[static_cast<std::size_t>(g)].node : i;
            if (!nodes_[shown].hidden)
                visible_[shown] = 1;
        }
    }
    visible_total_ = static_cast<std::size_t>(std::count(visible_.begin(), visible_.end(), 1));
    hidden_total_ = static_cast<std::size_t>(
        std::count_if(nodes_.begin(), nodes_.end(), [](const auto& n) { return n.hidden; }));
    ++vis_gen_;
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

float GraphModel::node_radius_px(std::uint32_t i) const {
    // Size grows with the log of the node's volume; zooming scales it, but never below a clickable dot.
    return std::clamp(world_r_[i] * camera.zoom, 2.0f, 40.0f);
}

bool GraphModel::over_overlay(Vec2 screen) const {
    return std::any_of(overlays.begin(), overlays.end(),
                       [screen](const Rect& r) { return r.contains(screen); });
}

std::optional<std::uint32_t> GraphModel::hit_test(Vec2 screen, float slop_px) const {
    // Outside the canvas (the legend and status strips below it) or on a panel drawn over it, nothing
    // is picked, even a node whose rim reaches there.
    if (!camera.viewport.contains(screen) || over_overlay(screen))
        return std::nullopt;
    const auto& f = frame();
    std::optional<std::uint32_t> best;
    float best_d2 = std::numeric_limits<float>::max();
    for (auto i : f.onscreen) {
        const Vec2 d = f.screen[i] - screen;
        const float d2 = d.x * d.x + d.y * d.y;
        const float r = f.radius[i] + slop_px;
        if (d2 <= r * r && d2 < best_d2) {
            best_d2 = d2;
            best = i;
        }
    }
    return best;
}

void GraphModel::fit_view() {
    if (bounds_pos_gen_ != pos_gen_ || bounds_vis_gen_ != vis_gen_) {
        bounds_pos_gen_ = pos_gen_;
        bounds_vis_gen_ = vis_gen_;
        ++bounds_scans_;
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
        bounds_lo_ = lo;
        bounds_hi_ = hi;
        bounds_any_ = any;
    }
    if (!bounds_any_)
        return;
    const Vec2 lo = bounds_lo_, hi = bounds_hi_;
    camera.centre = {(lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f};
    const float w = std::max(hi.x - lo.x, 1.0f) * 1.15f + 80.0f;
    const float h = std::max(hi.y - lo.y, 1.0f) * 1.15f + 80.0f;
    camera.zoom =
        std::clamp(std::min(camera.viewport.width() / w, camera.viewport.height() / h), 0.01f, 4.0f);
}

void GraphModel::relabel(const std::function<std::string(const std::string&)>& drawable) {
    for (auto& n : nodes_)
        if (n.kid != KindId::group)
            n.label = drawable ? drawable(n.raw_label) : n.raw_label;
}

void GraphModel::set_tags(std::int64_t entity, std::uint8_t bits) {
    if (auto i = node_of(entity)) {
        nodes_[*i].tags = bits;
        refresh_group_tags();
    }
}

} // namespace casegraph::ui
