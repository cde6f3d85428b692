// The two msgstore.db message readers behind the whatsapp-db importer (whatsapp_db.cpp chooses one).
#pragma once

#include "android_common.hpp"

namespace casegraph::ingest {

// New schema (WhatsApp 2.22+): `message` + `jid` + `chat` and the message_* side tables.
void read_whatsapp_messages(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner);
// Legacy schema: `messages` keyed by key_remote_jid, with chat_list subjects.
void read_whatsapp_legacy_messages(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner);

} // namespace casegraph::ingest
