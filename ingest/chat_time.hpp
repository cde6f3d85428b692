// Local wall-clock times from chat exports, which carry no UTC offset (WhatsApp .txt, Telegram `date`):
// converted with the zone the analyst gave (--tz or the case default) and flagged as assumed.
#pragma once

#include "store/time.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace casegraph::ingest {

// `zone` empty or unknown to the tz database ⇒ the wall time is stored as if it were UTC with
// offset "unknown" and attrs.local_unconverted = true. That is NOT an instant: it keeps the timeline
// usable (ordering, day buckets) and the flag tells every reader it is unconverted. attrs.wall_time
// always holds the wall-clock reading; DST folds and gaps are flagged in attrs.
[[nodiscard]] store::EventTime local_event_time(const store::Civil& wall, std::string raw,
                                                std::string_view zone, std::string_view rule,
                                                std::string precision, nlohmann::json& attrs);

// "2024-12-02T15:00" or "2024-12-02T15:00:23".
[[nodiscard]] std::string format_wall(const store::Civil& c, bool seconds);

} // namespace casegraph::ingest
