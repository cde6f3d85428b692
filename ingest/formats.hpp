// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer();       // android_sms.cpp: mmssms.db sms + MMS
[[nodiscard]] const Importer& android_calls_importer();     // android_calls.cpp: calllog.db calls
[[nodiscard]] const Importer& android_contacts_importer();  // android_contacts.cpp: contacts2.db (+ calls)
[[nodiscard]] const Importer& whatsapp_db_importer();       // whatsapp_db.cpp: msgstore.db, both schemas
[[nodiscard]] const Importer& whatsapp_contacts_importer(); // whatsapp_contacts.cpp: wa.db wa_contacts

} // namespace casegraph::ingest
