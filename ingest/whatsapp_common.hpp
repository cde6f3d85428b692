// WhatsApp JIDs as case entities, shared by whatsapp-db (msgstore.db) and whatsapp-contacts (wa.db):
// `<digits>@s.whatsapp.net` is a phone, `@g.us` a group and `@lid` an opaque id (never a phone).
#pragma once

#include "importer.hpp"

#include <cstdint>
#include <string_view>

namespace casegraph::ingest {

inline constexpr std::string_view kStatusBroadcast = "status@broadcast";

struct WaParty {
    std::int64_t entity_id = 0;
    bool is_group = false;
    bool understood = true; // false: not a JID shape casegraph knows (kept as a scoped handle)
};

// Resolves a JID to its entity: a phone identifier for user JIDs (multi-device suffixes dropped), a
// `handle` in scope `whatsapp` for groups and broadcast lists, in scope `whatsapp-lid` for @lid ids.
// `label` (a group subject, a saved name) labels the entity when it has none.
[[nodiscard]] WaParty whatsapp_party(store::ImportWriter& w, std::string_view jid, std::int64_t source_id,
                                     std::string_view label = {});

// Recipients of a message after its sender: a status post reaches the owner (when not the owner's own), a
// group message the group (and the owner), a one-to-one message the other side of the chat. Both WhatsApp
// schemas use this, so the two can never disagree about who received what.
void add_whatsapp_recipients(store::EventRecord& e, bool status_post, const WaParty& chat, bool from_me,
                             std::int64_t owner);

} // namespace casegraph::ingest
