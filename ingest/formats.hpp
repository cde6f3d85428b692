// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer(); // android_sms.cpp: mmssms.db sms (+ MMS)
[[nodiscard]] const Importer& ofx_importer();         // ofx.cpp: OFX/QFX 1.x SGML and 2.x XML statements
[[nodiscard]] const Importer& bank_csv_importer();    // bank_csv.cpp: bank CSV exports (+ --profile)

} // namespace casegraph::ingest
