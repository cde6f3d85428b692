// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer();   // android_sms.cpp: mmssms.db sms (+ MMS)
[[nodiscard]] const Importer& whatsapp_txt_importer();  // whatsapp_txt.cpp: WhatsApp chat export .txt
[[nodiscard]] const Importer& telegram_json_importer(); // telegram_json.cpp: Telegram Desktop result.json

} // namespace casegraph::ingest
