// The case's display clock (see case_clock.hpp). Its days are graph::ZoneDays.
#include "case_clock.hpp"

namespace casegraph::ui {

CaseClock::CaseClock(const std::string& zone) : days_(zone) {}

CaseClock CaseClock::of(const store::Db& db) {
    return CaseClock(db.scalar_text("SELECT value FROM case_info WHERE key = 'tz'").value_or(""));
}

std::string CaseClock::format(std::int64_t utc_ms, bool with_seconds) const {
    return days_.format(utc_ms, with_seconds ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M %Z");
}

std::string CaseClock::format_event(std::optional<std::int64_t> utc_ms,
                                    const std::optional<std::string>& date) const {
    if (utc_ms)
        return format(*utc_ms);
    if (date)
        return *date + " (date only)";
    return "";
}

} // namespace casegraph::ui
