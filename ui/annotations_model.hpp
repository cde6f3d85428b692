// Analyst actions with undo/redo. Each action and each undo goes through store::add_tag/remove_tag,
// so the audit log records both: an undo is a new, audited decision, never a deletion of history.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::ui {

struct TagAction {
    std::int64_t entity = 0;
    std::string tag;
    bool add = true; // false: the tag was removed
};

class AnalystActions {
  public:
    // Returns false (and records nothing) when the tag was already in that state.
    bool set_tag(const store::Db& db, std::int64_t entity, const std::string& tag, bool add,
                 const std::string& analyst);
    bool undo(const store::Db& db, const std::string& analyst);
    bool redo(const store::Db& db, const std::string& analyst);
    [[nodiscard]] bool can_undo() const { return !done_.empty(); }
    [[nodiscard]] bool can_redo() const { return !undone_.empty(); }
    [[nodiscard]] const std::vector<TagAction>& history() const { return done_; }
    [[nodiscard]] std::string undo_label() const;
    [[nodiscard]] std::string redo_label() const;
    void clear() {
        done_.clear();
        undone_.clear();
    }

  private:
    static bool apply(const store::Db& db, const TagAction& a, bool forward, const std::string& analyst);
    std::vector<TagAction> done_, undone_;
};

} // namespace casegraph::ui
