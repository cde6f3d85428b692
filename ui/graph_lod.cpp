// Level of detail for the graph canvas (see graph_model.hpp): what each frame draws and how, decided
// here without a display so tests reach it; graph_view.cpp only turns these lists into vertices.
// Under a software rasteriser the cost of a frame is its vertices and filled pixels, so every rule
// here removes geometry the analyst could not tell apart on screen anyway.
#include "graph_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace casegraph::ui {

namespace {

bool same_camera(const Camera& a, const Camera& b) {
    return a.centre.x == b.centre.x && a.centre.y == b.centre.y && a.zoom == b.zoom &&
           a.viewport.min.x == b.viewport.min.x && a.viewport.min.y == b.viewport.min.y &&
           a.viewport.max.x == b.viewport.max.x && a.viewport.max.y == b.viewport.max.y;
}

// Both ends beyond the same side of the rectangle: the segment cannot cross it.
bool segment_outside(Vec2 a, Vec2 b, const Rect& r) {
    return (a.x < r.min.x && b.x < r.min.x) || (a.x > r.max.x && b.x > r.max.x) ||
           (a.y < r.min.y && b.y < r.min.y) || (a.y > r.max.y && b.y > r.max.y);
}

bool overlaps(const Rect& a, const Rect& b) {
    return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

constexpr float kMargin = 40.0f; // nodes and lines this far outside the viewport still count (radii, halos)

// The screen square a node's icon covers (see GraphModel::icon_box).
Rect icon_box_of(const FrameCache& f, const GraphNode& nd, std::uint32_t i) {
    const float r = f.radius[i];
    float e = r * 1.15f; // a person's triangle reaches 1.15 r above its centre
    const int rings = ((nd.tags & tag_suspect) ? 1 : 0) + ((nd.tags & tag_victim) ? 1 : 0) +
                      ((nd.tags & tag_witness) ? 1 : 0);
    const float ringed = r + 3.0f + 3.5f * static_cast<float>(rings); // as graph_view.cpp draws them
    if (rings > 0)
        e = std::max(e, ringed);
    if (nd.selected)
        e = std::max(e, ringed + 6.0f);
    if (nd.highlighted)
        e = std::max(e, r + 7.0f);
    const Vec2 s = f.screen[i];
    return {{s.x - e, s.y - e}, {s.x + e, s.y + e}};
}

// Where a label may go, in order of preference (see GraphModel::label_boxes): clear of the node's own
// rings and halo when it has them, else 4 px (6 px beside) from its rim; the corners touch the icon's
// diagonal, where a dense star often has a gap between its spokes.
std::array<Rect, 8> label_boxes_of(const FrameCache& f, const GraphNode& nd, std::uint32_t i, Vec2 ts) {
    const Vec2 s = f.screen[i];
    const float r = f.radius[i];
    const bool marked = nd.tags != 0 || nd.selected || nd.highlighted;
    const float own = marked ? icon_box_of(f, nd, i).max.x - s.x : r;
    const float top = std::max(own, r * 1.15f);
    const float w = ts.x + 4, h = ts.y; // the drawn box: text plus a 2 px pad either side
    const float d = own * 0.7071f + 2;  // the icon's rim on its diagonal, and a gap
    return {Rect{{s.x - w * 0.5f, s.y + own + 4}, {s.x + w * 0.5f, s.y + own + 4 + h}},
            Rect{{s.x - w * 0.5f, s.y - top - 4 - h}, {s.x + w * 0.5f, s.y - top - 4}},
            Rect{{s.x + own + 6, s.y - h * 0.5f}, {s.x + own + 6 + w, s.y + h * 0.5f}},
            Rect{{s.x - own - 6 - w, s.y - h * 0.5f}, {s.x - own - 6, s.y + h * 0.5f}},
            Rect{{s.x + d, s.y + d}, {s.x + d + w, s.y + d + h}},
            Rect{{s.x - d - w, s.y + d}, {s.x - d, s.y + d + h}},
            Rect{{s.x + d, s.y - d - h}, {s.x + d + w, s.y - d}},
            Rect{{s.x - d - w, s.y - d - h}, {s.x - d, s.y - d}}};
}

} // namespace

const FrameCache& GraphModel::frame() const {
    if (same_camera(cache_cam_, camera) && cache_pos_gen_ == pos_gen_ && cache_vis_gen_ == vis_gen_ &&
        cache_.screen.size() == nodes_.size() && cache_lod_ == lod_key()) {
        // Selection, tags and highlight change without touching the cache's inputs: reclassify only
        // when the marks of the on-screen nodes changed.
        if (const auto sig = marks_signature(); sig != cache_marks_) {
            cache_marks_ = sig;
            classify_nodes();
        }
        return cache_;
    }
    cache_cam_ = camera;
    cache_pos_gen_ = pos_gen_;
    cache_vis_gen_ = vis_gen_;
    cache_lod_ = lod_key();
    auto& c = cache_;
    const std::size_t n = nodes_.size();
    c.screen.resize(n);
    c.radius.resize(n);
    c.onscreen.clear();
    const Rect vp = camera.viewport;
    const Rect cull{{vp.min.x - kMargin, vp.min.y - kMargin}, {vp.max.x + kMargin, vp.max.y + kMargin}};
    const Vec2 mid{(vp.min.x + vp.max.x) * 0.5f, (vp.min.y + vp.max.y) * 0.5f};
    const float z = camera.zoom;
    const Vec2 off = mid - camera.centre * z; // screen = world · zoom + off: one multiply-add per axis
    Vec2 lo{vp.max.x, vp.max.y}, hi{vp.min.x, vp.min.y}; // of the centres inside the viewport
    c.in_viewport = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!visible_[i])
            continue;
        const Vec2 s{pos_[i].x * z + off.x, pos_[i].y * z + off.y};
        c.screen[i] = s;
        c.radius[i] = std::clamp(world_r_[i] * z, 2.0f, 40.0f);
        if (cull.contains(s))
            c.onscreen.push_back(i);
        if (vp.contains(s)) {
            ++c.in_viewport;
            lo = {std::min(lo.x, s.x), std::min(lo.y, s.y)};
            hi = {std::max(hi.x, s.x), std::max(hi.y, s.y)};
        }
    }
    // A single node (or a line of them) still has a label's room around it: at least 100 x 40 px.
    c.area_per_node = c.in_viewport == 0 ? 0.0f
                                         : std::max(hi.x - lo.x, 100.0f) * std::max(hi.y - lo.y, 40.0f) /
                                               static_cast<float>(c.in_viewport);
    cache_marks_ = marks_signature();
    classify_nodes();
    // Edges that can cross the viewport; when they are too many to tell apart, they are aggregated
    // even above the zoom threshold.
    c.lines.clear();
    for (std::size_t e = 0; e < edges_.size(); ++e) {
        if (!edge_visible_[e])
            continue;
        const auto [a, b] = ends_[e];
        if (!segment_outside(c.screen[a], c.screen[b], cull))
            c.lines.push_back(static_cast<std::uint32_t>(e));
    }
    c.edges_onscreen = c.lines.size();
    c.aggregated = camera.zoom < lod.edge_detail || c.lines.size() > lod.max_detail_edges;
    c.cell_edges.clear();
    c.cell_edges_total = 0;
    if (c.aggregated) {
        aggregate_edges(cull);
        c.lines.clear();
    }
    return c;
}

// A hash of which on-screen nodes are selected, tagged or highlighted (what makes a node an icon).
std::uint64_t GraphModel::marks_signature() const {
    std::uint64_t h = 1469598103934665603ULL;
    for (auto i : cache_.onscreen) {
        const auto& nd = nodes_[i];
        const unsigned bits = (nd.selected ? 1u : 0u) | (nd.highlighted ? 2u : 0u) | (nd.tags ? 4u : 0u);
        if (bits)
            h = (h ^ (static_cast<std::uint64_t>(i) << 3 | bits)) * 1099511628211ULL;
    }
    return h;
}

// Sorts the on-screen nodes into full icons, ringed dots (small tagged) and flat dots; of the small plain
// ones whose centres share a lod.dot_cell_px cell only the heaviest is kept (they would cover each other's
// pixels).
void GraphModel::classify_nodes() const {
    auto& c = cache_;
    c.icons.clear();
    c.ringed.clear();
    c.dots.clear();
    c.dots_merged = 0;
    const Rect vp = camera.viewport;
    const float cell = std::max(lod.dot_cell_px, 0.5f);
    const auto cols = static_cast<std::size_t>(std::ceil((vp.width() + 2 * kMargin) / cell)) + 1;
    const auto rows = static_cast<std::size_t>(std::ceil((vp.height() + 2 * kMargin) / cell)) + 1;
    constexpr auto kEmpty = std::numeric_limits<std::uint32_t>::max();
    auto& owner = dot_owner_scratch_;
    owner.assign(cols * rows, kEmpty);
    std::vector<std::uint32_t>& cells = dot_cells_scratch_;
    cells.clear();
    for (auto i : c.onscreen) {
        const auto& nd = nodes_[i];
        if (c.radius[i] >= lod.dot_px || nd.selected || nd.highlighted || nd.kid == KindId::group) {
            c.icons.push_back(i);
            continue;
        }
        if (nd.tags) {
            c.ringed.push_back(i);
            continue;
        }
        const auto cx = static_cast<std::size_t>(
            std::clamp((c.screen[i].x - vp.min.x + kMargin) / cell, 0.0f, static_cast<float>(cols - 1)));
        const auto cy = static_cast<std::size_t>(
            std::clamp((c.screen[i].y - vp.min.y + kMargin) / cell, 0.0f, static_cast<float>(rows - 1)));
        auto& o = owner[cy * cols + cx];
        if (o == kEmpty) {
            o = i;
            cells.push_back(static_cast<std::uint32_t>(cy * cols + cx));
        } else {
            ++c.dots_merged;
            if (nodes_[i].weight > nodes_[o].weight)
                o = i;
        }
    }
    // Drawn in node order, as before merging (later nodes on top).
    for (auto k : cells)
        c.dots.push_back(owner[k]);
    std::sort(c.dots.begin(), c.dots.end());
}

// Snaps both ends to a screen grid cell; all edges between the same two cells become one line whose
// weight is their summed count. Cells are packed into one 64-bit key (16 bits per coordinate) and
// grouped by sorting a reused buffer: no map nodes, and no allocation once the buffer has grown.
void GraphModel::aggregate_edges(const Rect& cull) const {
    auto& c = cache_;
    const float cell = lod.cell_px;
    auto coord = [cell](float v) {
        return static_cast<std::uint64_t>(
            static_cast<std::uint16_t>(std::clamp(std::floor(v / cell), -32768.0f, 32767.0f) + 32768.0f));
    };
    auto& agg = agg_scratch_;
    agg.clear();
    for (auto e : c.lines) {
        const auto [a, b] = ends_[e];
        std::uint64_t ka = coord(c.screen[a].x) << 16 | coord(c.screen[a].y);
        std::uint64_t kb = coord(c.screen[b].x) << 16 | coord(c.screen[b].y);
        if (ka == kb)
            continue;
        if (kb < ka)
            std::swap(ka, kb);
        agg.emplace_back(ka << 32 | kb, edges_[e].count);
    }
    std::sort(agg.begin(), agg.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    auto centre = [cell](std::uint64_t k) {
        return Vec2{(static_cast<float>((k >> 16) & 0xFFFF) - 32768.0f + 0.5f) * cell,
                    (static_cast<float>(k & 0xFFFF) - 32768.0f + 0.5f) * cell};
    };
    for (std::size_t i = 0; i < agg.size();) {
        std::int64_t sum = 0;
        std::size_t j = i;
        for (; j < agg.size() && agg[j].first == agg[i].first; ++j)
            sum += agg[j].second;
        const Vec2 a = centre(agg[i].first >> 32), b = centre(agg[i].first & 0xFFFFFFFF);
        if (!segment_outside(a, b, cull))
            c.cell_edges.push_back({a, b, sum});
        i = j;
    }
    // Zoomed out on a hairball, every line crosses much of the screen and the fill rate, not the
    // line count, is the cost: only the heaviest are drawn (the status line says so).
    c.cell_edges_total = c.cell_edges.size();
    if (c.cell_edges.size() > lod.max_cell_edges) {
        const auto keep = static_cast<std::ptrdiff_t>(lod.max_cell_edges);
        std::nth_element(c.cell_edges.begin(), c.cell_edges.begin() + keep, c.cell_edges.end(),
                         [](const CellEdge& x, const CellEdge& y) { return x.count > y.count; });
        c.cell_edges.resize(lod.max_cell_edges);
    }
    // Width and opacity by volume on a log scale, relative to the heaviest line on screen: a single
    // message is a faint hairline, the busiest channel a dark, thick one.
    std::int64_t top = 1;
    for (const auto& ce : c.cell_edges)
        top = std::max(top, ce.count);
    const float log_top = std::log1p(static_cast<float>(top));
    for (auto& ce : c.cell_edges) {
        const float t = log_top > 0 ? std::log1p(static_cast<float>(ce.count)) / log_top : 1.0f;
        ce.width = std::clamp(0.6f * std::log10(1.0f + static_cast<float>(ce.count)), 1.0f, 4.0f);
        ce.alpha = static_cast<std::uint8_t>(0x30 + std::lround(t * (0xD0 - 0x30)));
    }
}

bool GraphModel::labels_visible() const {
    if (camera.zoom >= lod.labels)
        return true;
    const auto& f = frame();
    return f.in_viewport > 0 && f.in_viewport <= lod.max_labels && f.area_per_node >= lod.label_area_px;
}

Rect GraphModel::icon_box(std::uint32_t i) const {
    return icon_box_of(frame(), nodes_[i], i);
}

std::array<Rect, 8> GraphModel::label_boxes(std::uint32_t i, Vec2 ts) const {
    return label_boxes_of(frame(), nodes_[i], i, ts);
}

std::vector<std::uint32_t> GraphModel::labelled_nodes() const {

    std::vector<std::uint32_t> out;
    if (!labels_visible())
        return out;
    const auto& f = frame();
    for (auto i : f.onscreen)
        if (camera.viewport.contains(f.screen[i]) && !over_overlay(f.screen[i])) // not under the legend
            out.push_back(i);
    // Selected, highlighted and tagged nodes first, then the best connected, then the heaviest: the
    // cap and the collision test drop the least informative labels.
    auto degree = [this](std::uint32_t i) { return i < adj_.size() ? adj_[i].size() : std::size_t{0}; };
    auto before = [&](std::uint32_t x, std::uint32_t y) {
        const auto& a = nodes_[x];
        const auto& b = nodes_[y];
        if (a.selected != b.selected)
            return a.selected;
        if (a.highlighted != b.highlighted)
            return a.highlighted;
        if ((a.tags != 0) != (b.tags != 0))
            return a.tags != 0;
        if (degree(x) != degree(y))
            return degree(x) > degree(y);
        if (a.weight != b.weight)
            return a.weight > b.weight;
        return x < y;
    };
    if (out.size() > lod.max_labels) {
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(lod.max_labels), out.end(),
                          before);
        out.resize(lod.max_labels);
    } else {
        std::sort(out.begin(), out.end(), before);
    }
    return out;
}

std::string GraphModel::label_text(std::uint32_t i) const {
    const auto& n = nodes_[i];
    std::string text;
    if (n.tags & (tag_suspect | tag_victim | tag_witness)) {
        text += '[';
        if (n.tags & tag_suspect)
            text += 'S';
        if (n.tags & tag_victim)
            text += 'V';
        if (n.tags & tag_witness)
            text += 'W';
        text += "] ";
    }
    if (n.label.empty())
        text += "#" + std::to_string(n.entity);
    else
        text += n.label;
    return text;
}

std::vector<PlacedLabel>
GraphModel::place_labels(const std::function<Vec2(const std::string&)>& text_size) const {
    std::vector<PlacedLabel> placed;
    const auto candidates = labelled_nodes();
    if (candidates.empty())
        return placed;
    const auto& f = frame();
    const Rect vp = camera.viewport;
    const float cell = std::max(lod.label_cell_px, 8.0f);
    const auto cols = static_cast<int>(std::ceil(vp.width() / cell)) + 1;
    const auto rows = static_cast<int>(std::ceil(vp.height() / cell)) + 1;
    // Each grid cell lists what a label must not cover there: placed labels (their index) and node icons
    // (kIcon | node index). A box is tested only against the entries of the cells it touches.
    constexpr std::uint32_t kIcon = 0x80000000u;
    std::vector<std::vector<std::uint32_t>> grid(static_cast<std::size_t>(cols * rows));
    auto cell_range = [&](const Rect& r, int& x0, int& y0, int& x1, int& y1) {
        x0 = std::clamp(static_cast<int>(std::floor((r.min.x - vp.min.x) / cell)), 0, cols - 1);
        y0 = std::clamp(static_cast<int>(std::floor((r.min.y - vp.min.y) / cell)), 0, rows - 1);
        x1 = std::clamp(static_cast<int>(std::floor((r.max.x - vp.min.x) / cell)), 0, cols - 1);
        y1 = std::clamp(static_cast<int>(std::floor((r.max.y - vp.min.y) / cell)), 0, rows - 1);
    };
    auto insert = [&](const Rect& r, std::uint32_t entry) {
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        cell_range(r, x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                grid[static_cast<std::size_t>(y * cols + x)].push_back(entry);
    };
    // Every icon, ringed dot and dot drawn is an obstacle (merged dots are not drawn).
    for (const auto* list : {&f.icons, &f.ringed, &f.dots})
        for (auto i : *list)
            insert(icon_box_of(f, nodes_[i], i), kIcon | i);
    // A selected, highlighted or tagged node is what the analyst is looking for: when every place for its
    // label covers some icon (a hub inside its star of tagged victims), its label may cover icons (on its
    // translucent white ground the icons still show) of nodes after it in priority order, never a
    // selected or highlighted node's, never another label, an overlay or the canvas edge.
    std::vector<std::uint32_t> rank(nodes_.size(), std::numeric_limits<std::uint32_t>::max());
    for (std::size_t k = 0; k < candidates.size(); ++k)
        rank[candidates[k]] = static_cast<std::uint32_t>(k);
    auto marked = [&](std::uint32_t i) {
        const auto& n = nodes_[i];
        return n.selected || n.highlighted || n.tags != 0;
    };
    auto free_for = [&](const Rect& box, std::uint32_t self, bool over_icons) {
        // Inside the canvas: a label cut by its edge (or by the status strip below it) is not readable.
        if (box.min.x < vp.min.x || box.min.y < vp.min.y || box.max.x > vp.max.x || box.max.y > vp.max.y)
            return false;
        for (const auto& o : overlays)
            if (overlaps(o, box))
                return false;
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        cell_range(box, x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x)
                for (auto k : grid[static_cast<std::size_t>(y * cols + x)]) {
                    if (k & kIcon) {
                        const auto node = k & ~kIcon;
                        const bool coverable = over_icons && rank[node] > rank[self] &&
                                               !nodes_[node].selected && !nodes_[node].highlighted;
                        if (node != self && !coverable && overlaps(icon_box_of(f, nodes_[node], node), box))
                            return false;
                    } else if (overlaps(placed[k].box, box)) {
                        return false;
                    }
                }
        return true;
    };
    for (auto i : candidates) {
        const Vec2 ts = text_size(label_text(i));
        const auto boxes = label_boxes_of(f, nodes_[i], i, ts);
        for (const bool over_icons : {false, true}) {
            if (over_icons && !marked(i))
                break;
            const auto it = std::find_if(boxes.begin(), boxes.end(),
                                         [&](const Rect& box) { return free_for(box, i, over_icons); });
            if (it == boxes.end())
                continue;
            insert(*it, static_cast<std::uint32_t>(placed.size()));
            placed.push_back({i, *it});
            break;
        }
    }
    return placed;
}

} // namespace casegraph::ui
