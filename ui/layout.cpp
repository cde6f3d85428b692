// Force-directed layout step and its worker thread (see layout.hpp).
#include "layout.hpp"

#include <chrono>
#include <cmath>
#include <limits>

namespace casegraph::ui {

ForceLayout::ForceLayout(std::size_t nodes, std::vector<LayoutEdge> edges, LayoutParams params)
    : pos_(nodes), disp_(nodes), pinned_(nodes, 0), edges_(std::move(edges)), params_(params) {
    reset_positions();
}

void ForceLayout::reset_positions() {
    // Golden-angle spiral: evenly spread, no two nodes on the same spot, independent of the clock.
    constexpr float kGolden = 2.39996323f;
    for (std::size_t i = 0; i < pos_.size(); ++i) {
        if (pinned_[i])
            continue;
        const float r = params_.ideal * 0.5f * std::sqrt(static_cast<float>(i) + 0.5f);
        const float a = kGolden * static_cast<float>(i);
        pos_[i] = {r * std::cos(a), r * std::sin(a)};
    }
    temperature_ = params_.ideal * 2.0f;
}

float ForceLayout::step() {
    const std::size_t n = pos_.size();
    if (n == 0) {
        temperature_ = 0;
        return 0;
    }
    const float k = params_.ideal;
    const float k2 = k * k;
    std::fill(disp_.begin(), disp_.end(), Vec2{});

    // Bucket nodes into a grid; repulsion beyond two cells is negligible and ignored.
    Vec2 lo{std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
    Vec2 hi{-lo.x, -lo.y};
    for (const auto& p : pos_) {
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
    }
    float cell = 2.0f * k;
    // A very spread-out picture would need a huge grid; coarser cells keep memory bounded.
    while ((hi.x - lo.x) / cell > 2048 || (hi.y - lo.y) / cell > 2048)
        cell *= 2;
    const auto gw = static_cast<std::size_t>((hi.x - lo.x) / cell) + 1;
    const auto gh = static_cast<std::size_t>((hi.y - lo.y) / cell) + 1;
    auto cell_of = [&](Vec2 p) {
        return static_cast<std::size_t>((p.y - lo.y) / cell) * gw +
               static_cast<std::size_t>((p.x - lo.x) / cell);
    };
    cell_start_.assign(gw * gh + 1, 0);
    for (const auto& p : pos_)
        ++cell_start_[cell_of(p) + 1];
    for (std::size_t c = 1; c < cell_start_.size(); ++c)
        cell_start_[c] += cell_start_[c - 1];
    cell_items_.resize(n);
    {
        std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
        for (std::uint32_t i = 0; i < n; ++i)
            cell_items_[fill[cell_of(pos_[i])]++] = i;
    }
    const float cutoff2 = cell * cell;
    for (std::uint32_t i = 0; i < n; ++i) {
        const Vec2 p = pos_[i];
        const auto cx = static_cast<std::ptrdiff_t>((p.x - lo.x) / cell);
        const auto cy = static_cast<std::ptrdiff_t>((p.y - lo.y) / cell);
        for (std::ptrdiff_t dy = -1; dy <= 1; ++dy) {
            for (std::ptrdiff_t dx = -1; dx <= 1; ++dx) {
                const auto x = cx + dx, y = cy + dy;
                if (x < 0 || y < 0 || x >= static_cast<std::ptrdiff_t>(gw) ||
                    y >= static_cast<std::ptrdiff_t>(gh))
                    continue;
                const auto c = static_cast<std::size_t>(y) * gw + static_cast<std::size_t>(x);
                for (auto s = cell_start_[c]; s < cell_start_[c + 1]; ++s) {
                    const auto j = cell_items_[s];
                    if (j == i)
                        continue;
                    Vec2 d = p - pos_[j];
                    float d2 = d.x * d.x + d.y * d.y;
                    if (d2 > cutoff2)
                        continue;
                    if (d2 < 1e-4f) {
                        // Two nodes on one spot: push apart along a direction fixed by their indices.
                        d = {static_cast<float>((i * 7 + j) % 13) - 6.0f,
                             static_cast<float>((i + j * 5) % 11) - 5.0f};
                        d2 = d.x * d.x + d.y * d.y + 1e-3f;
                    }
                    disp_[i] = disp_[i] + d * (k2 / d2);
                }
            }
        }
    }
    for (const auto& e : edges_) {
        const Vec2 d = pos_[e.a] - pos_[e.b];
        const float dist = std::max(length(d), 1e-3f);
        const Vec2 f = d * (dist / k * e.weight);
        disp_[e.a] = disp_[e.a] - f;
        disp_[e.b] = disp_[e.b] + f;
    }
    float max_move = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (pinned_[i])
            continue;
        const Vec2 d = disp_[i] - pos_[i] * params_.gravity;
        const float len = length(d);
        if (len < 1e-6f)
            continue;
        const float move = std::min(len, temperature_);
        pos_[i] = pos_[i] + d * (move / len);
        max_move = std::max(max_move, move);
    }
    temperature_ *= params_.cooling;
    return max_move;
}

void LayoutWorker::start(std::size_t nodes, std::vector<LayoutEdge> edges, LayoutParams params) {
    stop();
    layout_ = std::make_unique<ForceLayout>(nodes, std::move(edges), params);
    {
        std::lock_guard lock(mu_);
        published_ = layout_->positions();
        commands_.clear();
    }
    quit_ = false;
    converged_ = false;
    steps_ = 0;
    ++generation_;
    thread_ = std::thread([this] { run(); });
}

void LayoutWorker::stop() {
    quit_ = true;
    if (thread_.joinable())
        thread_.join();
}

void LayoutWorker::rerun() {
    {
        std::lock_guard lock(mu_);
        commands_.push_back({Command::Kind::rerun});
    }
    revive();
}

void LayoutWorker::restart() {
    {
        std::lock_guard lock(mu_);
        commands_.push_back({Command::Kind::restart});
    }
    revive();
}

void LayoutWorker::revive() {
    // A stopped worker (stop() while a case was being closed) would queue re-runs nobody reads: run the
    // same layout again so "Re-run" and "Restart" always move the picture.
    if (!layout_ || thread_.joinable())
        return;
    quit_ = false;
    converged_ = false;
    thread_ = std::thread([this] { run(); });
}

void LayoutWorker::move_node(std::uint32_t i, Vec2 p, bool pin) {
    std::lock_guard lock(mu_);
    commands_.push_back({Command::Kind::move, i, p, pin});
    // Publish at once so a dragged node follows the mouse even while the layout is paused.
    if (i < published_.size())
        published_[i] = p;
    ++generation_;
}

void LayoutWorker::unpin(std::uint32_t i) {
    std::lock_guard lock(mu_);
    commands_.push_back({Command::Kind::unpin, i});
}

bool LayoutWorker::poll(std::vector<Vec2>& out, std::uint64_t& seen) const {
    const auto g = generation_.load();
    if (g == seen)
        return false;
    std::lock_guard lock(mu_);
    out = published_;
    seen = g;
    return true;
}

void LayoutWorker::wait_converged(int max_ms) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
    while (!converged_ && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void LayoutWorker::run() {
    using namespace std::chrono_literals;
    while (!quit_) {
        std::vector<Command> cmds;
        {
            std::lock_guard lock(mu_);
            cmds.swap(commands_);
        }
        for (const auto& c : cmds) {
            switch (c.kind) {
            case Command::Kind::move:
                if (c.node < layout_->size()) {
                    layout_->set_position(c.node, c.pos);
                    layout_->set_pinned(c.node, c.pin || layout_->pinned(c.node));
                }
                break;
            case Command::Kind::unpin:
                if (c.node < layout_->size())
                    layout_->set_pinned(c.node, false);
                break;
            case Command::Kind::rerun:
                layout_->reheat();
                converged_ = false;
                break;
            case Command::Kind::restart:
                layout_->reset_positions();
                converged_ = false;
                break;
            }
        }
        if (paused_ || layout_->converged()) {
            converged_ = layout_->converged();
            std::this_thread::sleep_for(10ms);
            continue;
        }
        layout_->step();
        ++steps_;
        {
            std::lock_guard lock(mu_);
            published_ = layout_->positions();
        }
        ++generation_;
        converged_ = layout_->converged();
    }
}

} // namespace casegraph::ui
