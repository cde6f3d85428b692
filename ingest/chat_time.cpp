// Local wall-clock times from chat exports (see chat_time.hpp).
#include "chat_time.hpp"

#include <cstdio>

namespace casegraph::ingest {

std::string format_wall(const store::Civil& c, bool seconds) {
    char buf[40];
    if (seconds)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour,
                      c.minute, c.second);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
    return buf;
}

store::EventTime local_event_time(const store::Civil& wall, std::string raw, std::string_view zone,
                                  std::string_view rule, std::string precision, nlohmann::json& attrs) {
    store::EventTime t;
    t.raw = std::move(raw);
    t.precision = std::move(precision);
    attrs["wall_time"] = format_wall(wall, t.precision != "min");
    if (!zone.empty()) {
        if (auto conv = store::local_to_utc(wall, zone)) {
            t.utc_ms = conv->utc_ms;
            t.offset = conv->offset;
            t.offset_assumed = true;
            t.rule = std::string(rule) + " local+tz " + std::string(zone);
            if (conv->ambiguous)
                attrs["dst_ambiguous"] = true; // the wall time occurs twice; the earlier instant was used
            if (conv->skipped)
                attrs["dst_gap"] = true; // the wall time does not exist in the zone; shifted forward
            return t;
        }
    }
    t.utc_ms = store::civil_to_utc_ms(wall, 0);
    t.offset = "unknown";
    t.rule = std::string(rule) + " local wall clock, no zone: unconverted";
    attrs["local_unconverted"] = true;
    return t;
}

} // namespace casegraph::ingest
