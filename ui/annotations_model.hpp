// Analyst actions with undo/redo. Tag actions go through store::add_tag/remove_tag, so the audit log
// records both: an undo is a new, audited decision, never a deletion of history. Canvas actions (group,
// ungroup) change only the view; each of them, and each undo or redo of one, is audited as view.*.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace casegraph::ui {

struct TagAction {
    std::int64_t entity = 0;
    std::string tag;
    bool add = true; // false: the tag was removed
};

struct GroupAction {
    std::vector<std::int64_t> entities; // the group's members
    bool group = true;                  // false: the group was expanded
};

using AnalystAction = std::variant<TagAction, GroupAction>;

class AnalystActions {
  public:
    // Returns false (and records nothing) when the tag was already in that state.
    bool set_tag(const store::Db& db, std::int64_t entity, const std::string& tag, bool add,
                 const std::string& analyst);
    // Records a group/ungroup the canvas has just done (audited); clears the redo list.
    void record_group(const store::Db& db, GroupAction a, const std::string& analyst);
    bool undo(const store::Db& db, const std::string& analyst);
    bool redo(const store::Db& db, const std::string& analyst);
    [[nodiscard]] bool can_undo() const { return !done_.empty(); }
    [[nodiscard]] bool can_redo() const { return !undone_.empty(); }
    [[nodiscard]] const std::vector<AnalystAction>& history() const { return done_; }
    [[nodiscard]] std::string undo_label() const;
    [[nodiscard]] std::string redo_label() const;
    void clear() {
        done_.clear();
        undone_.clear();
    }
    // Applies a group action to the canvas during undo/redo (forward: as recorded; else reversed).
    std::function<void(const GroupAction&, bool forward)> on_group;

  private:
    bool apply(const store::Db& db, const AnalystAction& a, bool forward, const std::string& analyst);
    std::vector<AnalystAction> done_, undone_;
};

// "tag suspect #12", "group 3 entities"
[[nodiscard]] std::string action_label(const AnalystAction& a);

} // namespace casegraph::ui
