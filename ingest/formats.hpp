// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer(); // android_sms.cpp: mmssms.db sms (+ MMS)
[[nodiscard]] const Importer& mt940_importer();       // mt940.cpp: SWIFT MT940 statements
[[nodiscard]] const Importer& camt_importer();        // camt.cpp: ISO 20022 camt.052/.053/.054

} // namespace casegraph::ingest
