// Undo/redo of analyst decisions (see annotations_model.hpp).
#include "annotations_model.hpp"

#include "store/annotations.hpp"
#include "store/audit.hpp"

#include <nlohmann/json.hpp>

namespace casegraph::ui {
namespace {
void audit_group(const store::Db& db, const GroupAction& a, bool group, const std::string& analyst,
                 const char* why) {
    store::audit_append(db, analyst, group ? "view.group" : "view.ungroup",
                        nlohmann::json{{"entities", a.entities}, {"via", why}}.dump());
}
} // namespace

std::string action_label(const AnalystAction& a) {
    if (const auto* t = std::get_if<TagAction>(&a))
        return (t->add ? "tag " : "untag ") + t->tag + " #" + std::to_string(t->entity);
    const auto& g = std::get<GroupAction>(a);
    return (g.group ? "group " : "ungroup ") + std::to_string(g.entities.size()) + " entities";
}

bool AnalystActions::apply(const store::Db& db, const AnalystAction& action, bool forward,
                           const std::string& analyst) {
    if (const auto* a = std::get_if<TagAction>(&action)) {
        const bool add = forward ? a->add : !a->add;
        return add ? store::add_tag(db, a->entity, a->tag, analyst)
                   : store::remove_tag(db, a->entity, a->tag, analyst);
    }
    const auto& g = std::get<GroupAction>(action);
    audit_group(db, g, forward ? g.group : !g.group, analyst, forward ? "redo" : "undo");
    if (on_group)
        on_group(g, forward);
    return true;
}

bool AnalystActions::set_tag(const store::Db& db, std::int64_t entity, const std::string& tag, bool add,
                             const std::string& analyst) {
    AnalystAction a = TagAction{entity, tag, add};
    if (!apply(db, a, true, analyst))
        return false;
    done_.push_back(std::move(a));
    undone_.clear();
    return true;
}

void AnalystActions::record_group(const store::Db& db, GroupAction a, const std::string& analyst) {
    audit_group(db, a, a.group, analyst, "canvas");
    done_.emplace_back(std::move(a));
    undone_.clear();
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
    return done_.empty() ? "" : action_label(done_.back());
}

std::string AnalystActions::redo_label() const {
    return undone_.empty() ? "" : action_label(undone_.back());
}

} // namespace casegraph::ui
