// Identity decisions (DOMAIN.md §5.4): suggested merges with their reasons, and merges that are
// assertions — rows in `merge`, undone by a timestamp, never by deleting anything — each audited.
#pragma once

#include "case_data.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::graph {

// One reason to think two entities are the same, how much it says on its own, and where the facts
// behind it were read (the sightings of the identifiers or names; event_id 0 when the place holds no
// event, such as an identifier sighting in a contact list header).
struct MergeReason {
    std::string text;
    double confidence = 0; // 0..1
    std::vector<EvidenceRef> evidence;
};

struct MergeSuggestion {
    std::int64_t a = 0, b = 0; // a < b
    std::vector<MergeReason> reasons;
    double confidence = 0; // the reasons combined as independent: 1 - Π(1 - c)
};

// Candidates, never applied: (1) a scoped (raw) phone or email that normalises, under the case region,
// to the value another entity holds; the same raw value scoped to two evidence files; (2) a person,
// handle or phone whose name matches another's (contact card name = chat display name), for names
// shared by at most `max_group` entities (a common first name says little). Pairs already merged or
// rejected by the analyst are left out. Confidence per reason: 0.9 for a raw number that normalises to
// another entity's, 0.8 for the same raw value in two evidence files, 0.8 / (entities sharing the
// name) for a name. Ranked by combined confidence, then ids.
[[nodiscard]] std::vector<MergeSuggestion> suggest_merges(const store::Db& db, const std::string& region,
                                                          std::size_t max_group = 4);

// Records a live merge of a and b; returns its id. Audited as merge.add in the same transaction.
std::int64_t merge_entities(const store::Db& db, std::int64_t a, std::int64_t b, const std::string& reason,
                            const std::string& analyst);
// Sets undone_at on a live merge; false when there is no such live merge. Audited as merge.undo.
bool unmerge(const store::Db& db, std::int64_t merge_id, const std::string& analyst);
// Records that the analyst judged a and b different (audited as merge.reject); suggestions skip them.
void reject_merge(const store::Db& db, std::int64_t a, std::int64_t b, const std::string& reason,
                  const std::string& analyst);

// A note on an entity, event or link. Audited as note.add. Returns the note id.
std::int64_t add_note(const store::Db& db, const std::string& target_kind, std::int64_t target_id,
                      const std::string& text, const std::string& analyst);

} // namespace casegraph::graph
