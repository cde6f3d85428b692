// casegraph tag | untag | note | merge | unmerge | suggest-merges: the analyst's decisions, each written
// with its audit row in one transaction. Nothing here changes what was read from evidence.
#include "cli.hpp"
#include "common.hpp"
#include "export/report_json.hpp"
#include "graph/merges.hpp"
#include "query_common.hpp"
#include "store/annotations.hpp"
#include "store/case_file.hpp"

#include <charconv>
#include <iostream>

namespace casegraph::cli {
namespace {

std::int64_t whole(const std::string& s, const std::string& what) {
    std::int64_t v = 0;
    const auto* end = s.data() + s.size();
    if (s.empty() || std::from_chars(s.data(), end, v).ptr != end || v <= 0)
        throw UsageError(what + " must be a positive whole number, got '" + s + "'");
    return v;
}

std::string named(const store::Db& db, std::int64_t id) {
    return entity_text(exporter::entity_json(db, id));
}

int cmd_tag(const Parsed& p, bool add) {
    need_positionals(p, 3, "CASE ENTITY TAG");
    if (p.positional.size() > 3)
        throw UsageError("one ENTITY and one TAG (quote an identifier that contains spaces)");
    const auto cf = store::CaseFile::open(p.positional[0]);
    const auto id = resolve_entity(cf.db(), p.positional[1], cf.settings().region);
    const auto& tag = p.positional[2];
    if (tag.empty())
        throw UsageError("TAG must not be empty");
    const auto actor = store::current_actor();
    const bool changed =
        add ? store::add_tag(cf.db(), id, tag, actor) : store::remove_tag(cf.db(), id, tag, actor);
    if (add)
        std::cout << (changed ? "Tagged " : "Already tagged ") << named(cf.db(), id) << " " << tag << "\n";
    else
        std::cout << (changed ? "Removed tag " + tag + " from " : "No tag " + tag + " on ")
                  << named(cf.db(), id) << "\n";
    return kOk;
}

int cmd_note(const Parsed& p) {
    need_positionals(p, 3, "CASE TARGET TEXT");
    const auto cf = store::CaseFile::open(p.positional[0]);
    const auto& target = p.positional[1];
    std::string text;
    for (std::size_t i = 2; i < p.positional.size(); ++i)
        text += (i > 2 ? " " : "") + p.positional[i];
    std::string kind = "entity";
    std::int64_t id = 0;
    for (const char* k : {"event:", "link:"}) {
        if (target.rfind(k, 0) == 0) {
            kind = std::string(k).substr(0, std::string(k).size() - 1);
            id = whole(target.substr(std::string(k).size()), "TARGET " + kind + " id");
            const auto table =
                kind == "event" ? "SELECT 1 FROM event WHERE id = ?1" : "SELECT 1 FROM link WHERE id = ?1";
            auto st = cf.db().prepare(table);
            st.bind(1, id);
            if (!st.step())
                return fail("no " + kind + " " + std::to_string(id) + " in " + p.positional[0]);
        }
    }
    if (kind == "entity")
        id = resolve_entity(cf.db(), target, cf.settings().region);
    const auto note = graph::add_note(cf.db(), kind, id, text, store::current_actor());
    std::cout << "Note " << note << " on " << (kind == "entity" ? named(cf.db(), id) : target) << "\n";
    return kOk;
}

int cmd_merge(const Parsed& p) {
    need_positionals(p, 3, "CASE ENTITY ENTITY");
    if (p.positional.size() > 3)
        throw UsageError("merge takes exactly two ENTITY arguments");
    const auto reason = p.value("reason");
    if (!reason || reason->empty())
        throw UsageError("--reason TEXT is required: every merge is explained");
    const auto cf = store::CaseFile::open(p.positional[0]);
    const auto region = cf.settings().region;
    const auto a = resolve_entity(cf.db(), p.positional[1], region);
    const auto b = resolve_entity(cf.db(), p.positional[2], region);
    if (a == b)
        throw UsageError("both arguments name the same entity #" + std::to_string(a));
    const auto actor = store::current_actor();
    if (p.flag("reject")) {
        graph::reject_merge(cf.db(), a, b, *reason, actor);
        std::cout << "Recorded: " << named(cf.db(), a) << " and " << named(cf.db(), b)
                  << " are not the same\n";
        return kOk;
    }
    const auto id = graph::merge_entities(cf.db(), a, b, *reason, actor);
    std::cout << "Merge " << id << ": " << named(cf.db(), a) << " = " << named(cf.db(), b)
              << "\n(undo with casegraph unmerge " << p.positional[0] << " " << id << ")\n";
    return kOk;
}

int cmd_unmerge(const Parsed& p) {
    need_positionals(p, 2, "CASE MERGE-ID");
    const auto cf = store::CaseFile::open(p.positional[0]);
    const auto id = whole(p.positional[1], "MERGE-ID");
    if (!graph::unmerge(cf.db(), id, store::current_actor()))
        return fail("no live merge " + std::to_string(id) + " in " + p.positional[0] +
                    " (already undone, or never made)");
    std::cout << "Merge " << id << " undone (the row stays, with the time it was undone)\n";
    return kOk;
}

int cmd_suggest(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto cf = store::CaseFile::open_read_only(p.positional[0]);
    const auto sug = graph::suggest_merges(cf.db(), cf.settings().region);
    if (p.flag("json")) {
        auto out = nlohmann::json::array();
        for (const auto& s : sug) {
            auto reasons = nlohmann::json::array();
            for (const auto& r : s.reasons) {
                auto ev = nlohmann::json::array();
                for (const auto& e : r.evidence)
                    ev.push_back({{"event_id", e.event_id ? nlohmann::json(e.event_id) : nlohmann::json()},
                                  {"evidence_sha256", e.evidence_sha256},
                                  {"locator", e.locator}});
                reasons.push_back({{"reason", r.text}, {"confidence", r.confidence}, {"evidence", ev}});
            }
            out.push_back(
                {{"entities", {exporter::entity_json(cf.db(), s.a), exporter::entity_json(cf.db(), s.b)}},
                 {"confidence", s.confidence},
                 {"reasons", reasons}});
        }
        std::cout << out.dump(2) << "\n";
        return kOk;
    }
    if (sug.empty()) {
        std::cout << "No merge suggestions.\n";
        return kOk;
    }
    for (const auto& s : sug) {
        std::cout << named(cf.db(), s.a) << "  =?  " << named(cf.db(), s.b) << "  (confidence "
                  << static_cast<int>(s.confidence * 100 + 0.5) << "%)\n";
        for (const auto& r : s.reasons)
            std::cout << "    " << r.text << " (" << static_cast<int>(r.confidence * 100 + 0.5) << "%, "
                      << count_of(static_cast<long long>(r.evidence.size()), "sighting") << ")\n";
    }
    std::cout << sug.size()
              << " suggestions. Accept with casegraph merge CASE #A #B --reason TEXT, reject with "
                 "--reject.\n";
    return kOk;
}

} // namespace

void add_annotation_commands(std::vector<Command>& out) {
    out.push_back({"tag",
                   "CASE ENTITY TAG",
                   "tag an entity (suspect, victim, witness or a free tag)",
                   "ENTITY is #id or an identifier as typed. Audited.",
                   {},
                   [](const Parsed& p) { return cmd_tag(p, true); }});
    out.push_back(
        {"untag", "CASE ENTITY TAG", "retract a tag (kept in the history)", "", {}, [](const Parsed& p) {
             return cmd_tag(p, false);
         }});
    out.push_back(
        {"note", "CASE TARGET TEXT", "attach a note to an entity, event:ID or link:ID", "", {}, cmd_note});
    out.push_back(
        {"merge",
         "CASE ENTITY ENTITY --reason TEXT",
         "assert that two entities are the same (reversible)",
         "A merge is a recorded assertion: source rows never change, analyses see the two as one,\n"
         "and casegraph unmerge retracts it. With --reject, records that they are different instead.",
         {{"reason", "TEXT", "why they are the same (required)"},
          {"reject", "", "record a rejected suggestion instead of a merge"}},
         cmd_merge});
    out.push_back(
        {"unmerge", "CASE MERGE-ID", "retract a merge (the row stays, marked undone)", "", {}, cmd_unmerge});
    out.push_back({"suggest-merges",
                   "CASE [--json]",
                   "candidate merges with their reasons (never applied automatically)",
                   "",
                   {{"json", "", "print JSON"}},
                   cmd_suggest});
}

} // namespace casegraph::cli
