// Force-directed layout of the link graph: a pure step function (grid-bucketed repulsion, so a step is
// ~linear in nodes) and a worker thread that runs it off the UI thread, pausable, with pins and re-runs.
#pragma once

#include "geometry.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace casegraph::ui {

struct LayoutEdge {
    std::uint32_t a = 0, b = 0;
    float weight = 1.0f; // log-scaled volume: heavy links pull harder
};

struct LayoutParams {
    float ideal = 90.0f;   // preferred edge length in world units (room for a label)
    float gravity = 0.02f; // keeps disconnected components from drifting away
    float cooling = 0.985f;
    float min_temperature = 0.2f;
};

// Fruchterman–Reingold with repulsion only between nodes in neighbouring grid cells (cell = 2 × ideal):
// far nodes barely push each other, and the grid makes a step O(n + e) instead of O(n²).
class ForceLayout {
  public:
    ForceLayout(std::size_t nodes, std::vector<LayoutEdge> edges, LayoutParams params = {});
    // Deterministic start (a spiral by index), so the same case opens in the same picture.
    void reset_positions();
    // One iteration; returns the largest move in world units (small ⇒ converged).
    float step();
    [[nodiscard]] bool converged() const { return temperature_ <= params_.min_temperature; }
    void reheat() { temperature_ = params_.ideal; }
    [[nodiscard]] const std::vector<Vec2>& positions() const { return pos_; }
    void set_position(std::uint32_t i, Vec2 p) { pos_[i] = p; }
    void set_pinned(std::uint32_t i, bool pinned) { pinned_[i] = pinned; }
    [[nodiscard]] bool pinned(std::uint32_t i) const { return pinned_[i] != 0; }
    [[nodiscard]] std::size_t size() const { return pos_.size(); }

  private:
    std::vector<Vec2> pos_;
    std::vector<Vec2> disp_;
    std::vector<char> pinned_;
    std::vector<LayoutEdge> edges_;
    LayoutParams params_;
    float temperature_ = 0;
    std::vector<std::uint32_t> cell_start_, cell_items_; // grid buckets, rebuilt every step
};

// Runs a ForceLayout on its own thread. The UI thread never waits for a step: it copies the latest
// published positions when the generation counter moved, and sends pins/moves as commands.
class LayoutWorker {
  public:
    LayoutWorker() = default;
    ~LayoutWorker() { stop(); }
    LayoutWorker(const LayoutWorker&) = delete;
    LayoutWorker& operator=(const LayoutWorker&) = delete;

    void start(std::size_t nodes, std::vector<LayoutEdge> edges, LayoutParams params = {});
    void stop();
    void set_paused(bool p) { paused_ = p; }
    [[nodiscard]] bool paused() const { return paused_; }
    // Both also start a stopped worker again on the layout it had.
    void rerun();   // reheat and continue from the current positions (pins stay)
    void restart(); // back to the deterministic start
    void move_node(std::uint32_t i, Vec2 p, bool pin);
    void unpin(std::uint32_t i);
    // Copies the newest positions into out when they changed since `seen`; returns true if copied.
    bool poll(std::vector<Vec2>& out, std::uint64_t& seen) const;
    [[nodiscard]] bool converged() const { return converged_; }
    [[nodiscard]] bool running() const { return thread_.joinable(); }
    [[nodiscard]] std::uint64_t steps() const { return steps_; }
    // Blocks until converged or `max_ms` passed (screenshot mode waits for a settled picture).
    void wait_converged(int max_ms) const;

  private:
    void run();
    void revive();
    struct Command {
        enum class Kind { move, unpin, rerun, restart } kind;
        std::uint32_t node = 0;
        Vec2 pos;
        bool pin = false;
    };
    std::unique_ptr<ForceLayout> layout_;
    std::thread thread_;
    std::atomic<bool> quit_{false}, paused_{false}, converged_{false};
    std::atomic<std::uint64_t> generation_{0}, steps_{0};
    mutable std::mutex mu_; // guards published_ and commands_
    std::vector<Vec2> published_;
    std::vector<Command> commands_;
};

} // namespace casegraph::ui
