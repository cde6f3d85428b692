// Undo/redo of analyst tag decisions (see annotations_model.hpp).
#include "annotations_model.hpp"

#include "store/annotations.hpp"

namespace casegraph::ui {

bool AnalystActions::apply(const store::Db& db, const TagAction& a, bool forward,
                           const std::string& analyst) {
    const bool add = forward ? a.add : !a.add;
    return add ? store::add_tag(db, a.entity, a.tag, analyst)
               : store::remove_tag(db, a.entity, a.tag, analyst);
}

bool AnalystActions::set_tag(const store::Db& db, std::int64_t entity, const std::string& tag, bool add,
                             const std::string& analyst) {
    TagAction a{entity, tag, add};
    if (!apply(db, a, true, analyst))
        return false;
    done_.push_back(std::move(a));
    undone_.clear();
    return true;
}

bool AnalystActions::undo(const store::Db& db, const std::string& analyst) {
    if (done_.empty())
        return false;
    auto a = done_.back();
    done_.pop_back();
    apply(db, a, false, analyst);
    undone_.push_back(std::move(a));
    return true;
}

bool AnalystActions::redo(const store::Db& db, const std::string& analyst) {
    if (undone_.empty())
        return false;
    auto a = undone_.back();
    undone_.pop_back();
    apply(db, a, true, analyst);
    done_.push_back(std::move(a));
    return true;
}

std::string AnalystActions::undo_label() const {
    if (done_.empty())
        return "";
    const auto& a = done_.back();
    return (a.add ? "tag " : "untag ") + a.tag + " #" + std::to_string(a.entity);
}

std::string AnalystActions::redo_label() const {
    if (undone_.empty())
        return "";
    const auto& a = undone_.back();
    return (a.add ? "tag " : "untag ") + a.tag + " #" + std::to_string(a.entity);
}

} // namespace casegraph::ui
