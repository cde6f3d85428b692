// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer(); // android_sms.cpp: mmssms.db sms (+ MMS)

} // namespace casegraph::ingest
