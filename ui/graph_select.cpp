// Graph canvas view model, the analyst's hands on it: selection (click, box, lasso, expand), groups
// (collapse the selection into one node and back) and highlighting a path or a pattern's matches.
#include "graph_model.hpp"

#include <algorithm>
#include <set>

namespace casegraph::ui {

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

namespace {
// Even-odd rule: a ray to the right crosses the polygon's edges an odd number of times when inside.
bool inside(const std::vector<Vec2>& poly, Vec2 p) {
    bool in = false;
    for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const Vec2 a = poly[i], b = poly[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            in = !in;
    }
    return in;
}
} // namespace

std::size_t GraphModel::lasso_select(const std::vector<Vec2>& polygon, bool additive) {
    if (!additive)
        select_only(std::nullopt);
    if (polygon.size() < 3)
        return 0;
    Rect bounds{polygon.front(), polygon.front()};
    for (const auto& p : polygon)
        bounds = Rect::from_corners({std::min(bounds.min.x, p.x), std::min(bounds.min.y, p.y)},
                                    {std::max(bounds.max.x, p.x), std::max(bounds.max.y, p.y)});
    std::size_t n = 0;
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
        if (!visible_[i])
            continue;
        const Vec2 s = camera.to_screen(pos_[i]);
        if (bounds.contains(s) && inside(polygon, s)) {
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

std::vector<std::int64_t> GraphModel::selected_entities() const {
    std::vector<std::int64_t> out;
    for (auto i : selected()) {
        if (const auto* g = group_at(i))
            out.insert(out.end(), g->entities.begin(), g->entities.end());
        else
            out.push_back(nodes_[i].entity);
    }
    return out;
}

std::size_t GraphModel::expand_selection() {
    std::vector<std::uint32_t> add;
    for (auto i : selected()) {
        std::vector<std::uint32_t> from{i};
        if (const auto* g = group_at(i))
            from = g->members;
        for (auto m : from)
            for (auto e : adj_[m])
                if (edge_visible_[e])
                    add.push_back(ends_[e].first == i ? ends_[e].second : ends_[e].first);
    }
    std::size_t n = 0;
    for (auto j : add)
        if (!nodes_[j].selected) {
            nodes_[j].selected = true;
            ++n;
        }
    return n;
}

const NodeGroup* GraphModel::group_at(std::uint32_t node) const {
    if (node < base_nodes_ || node >= nodes_.size())
        return nullptr;
    return &groups_[node - base_nodes_];
}

std::optional<std::uint32_t> GraphModel::add_group(const std::vector<std::int64_t>& entities) {
    std::vector<std::uint32_t> members;
    std::vector<std::int64_t> ids;
    for (auto id : entities) {
        const auto i = node_of(id);
        if (!i || nodes_[*i].group >= 0 || std::find(members.begin(), members.end(), *i) != members.end())
            continue;
        members.push_back(*i);
        ids.push_back(id);
    }
    if (members.size() < 2)
        return std::nullopt;
    const auto node = static_cast<std::uint32_t>(nodes_.size());
    GraphNode gn;
    gn.kind = "group";
    gn.kid = KindId::group;
    std::string names;
    for (std::size_t k = 0; k < members.size() && k < 3; ++k)
        names += (k ? ", " : "") + nodes_[members[k]].label;
    gn.raw_label = gn.label =
        "Group of " + std::to_string(members.size()) + ": " + names + (members.size() > 3 ? ", ..." : "");
    Vec2 centre{};
    float world_r = 0;
    for (auto m : members) {
        gn.weight += nodes_[m].weight;
        gn.highlighted = gn.highlighted || nodes_[m].highlighted;
        centre = centre + pos_[m];
        world_r = std::max(world_r, world_r_[m]);
        nodes_[m].group = static_cast<std::int32_t>(groups_.size());
        nodes_[m].selected = false;
    }
    nodes_.push_back(std::move(gn));
    // A group is drawn a little larger than its largest member, so it reads as "more than one".
    world_r_.push_back(world_r * 1.4f + 4.0f);
    pos_.push_back(centre * (1.0f / static_cast<float>(members.size())));
    groups_.push_back({node, std::move(members), std::move(ids)});
    return node;
}

void GraphModel::refresh_group_tags() {
    for (const auto& g : groups_) {
        std::uint8_t t = 0;
        for (auto m : g.members)
            t |= nodes_[m].tags;
        nodes_[g.node].tags = t;
    }
}

std::optional<std::uint32_t> GraphModel::group(const std::vector<std::int64_t>& entities) {
    const auto node = add_group(entities);
    if (!node)
        return std::nullopt;
    refresh_group_tags();
    recompute_ends();
    recompute_visible();
    touch_positions();
    select_only(node);
    return node;
}

void GraphModel::rebuild_groups(std::vector<std::vector<std::int64_t>> keep) {
    // Group nodes sit after the entity nodes; dropping one renumbers the rest, so all are rebuilt.
    nodes_.resize(base_nodes_);
    world_r_.resize(base_nodes_);
    pos_.resize(base_nodes_);
    groups_.clear();
    for (auto& n : nodes_)
        n.group = -1;
    for (const auto& k : keep)
        (void)add_group(k);
    refresh_group_tags();
    recompute_ends();
    recompute_visible();
    touch_positions();
}

bool GraphModel::ungroup(const std::vector<std::int64_t>& entities) {
    auto sorted = [](std::vector<std::int64_t> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    const auto want = sorted(entities);
    std::vector<std::vector<std::int64_t>> keep;
    bool found = false;
    for (const auto& g : groups_) {
        if (!found && sorted(g.entities) == want)
            found = true;
        else
            keep.push_back(g.entities);
    }
    if (!found)
        return false;
    rebuild_groups(std::move(keep));
    select_only(std::nullopt);
    for (auto id : entities)
        if (auto i = node_of(id))
            nodes_[*i].selected = true;
    return true;
}

void GraphModel::move_node(std::uint32_t i, Vec2 p) {
    if (i >= nodes_.size())
        return;
    // The layout worker only knows entity nodes; a group node is its members' centre, so moving it means
    // moving every member by the same offset (sent to the worker too, or its next frame would undo it).
    const auto* g = group_at(i);
    const Vec2 delta = p - pos_[i];
    for (auto m : g ? g->members : std::vector<std::uint32_t>{i}) {
        pos_[m] = pos_[m] + delta;
        layout_.move_node(m, pos_[m], true);
        nodes_[m].pinned = true;
    }
    nodes_[i].pinned = true;
    place_groups();
    touch_positions();
}

void GraphModel::set_pinned(std::uint32_t i, bool pin) {
    if (i >= nodes_.size())
        return;
    const auto* g = group_at(i);
    for (auto m : g ? g->members : std::vector<std::uint32_t>{i}) {
        if (pin)
            layout_.move_node(m, pos_[m], true);
        else
            layout_.unpin(m);
        nodes_[m].pinned = pin;
    }
    nodes_[i].pinned = pin;
}

std::size_t GraphModel::highlight(const std::vector<std::int64_t>& entities, bool path, std::string what) {
    clear_highlight();
    std::size_t shown = 0;
    std::vector<std::optional<std::uint32_t>> at;
    for (auto id : entities) {
        at.push_back(node_of(id));
        if (!at.back())
            continue;
        ++shown;
        auto& n = nodes_[*at.back()];
        n.highlighted = true;
        if (n.group >= 0)
            nodes_[groups_[static_cast<std::size_t>(n.group)].node].highlighted = true;
    }
    edge_hl_.assign(edges_.size(), 0);
    if (path) {
        for (std::size_t k = 0; k + 1 < at.size(); ++k) {
            if (!at[k] || !at[k + 1])
                continue;
            for (auto e : adj_[*at[k]])
                if (edges_[e].a == *at[k + 1] || edges_[e].b == *at[k + 1])
                    edge_hl_[e] = 1;
        }
    }
    highlight_label_ = std::move(what);
    return shown;
}

void GraphModel::clear_highlight() {
    for (auto& n : nodes_)
        n.highlighted = false;
    edge_hl_.clear();
    highlight_label_.clear();
}

} // namespace casegraph::ui
