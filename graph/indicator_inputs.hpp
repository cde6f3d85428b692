// What several indicator patterns read from the case, loaded once per run and shared: payments, messages
// with text, identifiers, event owners. Each part is read on first use, then kept; a run over all 16
// patterns pays every load once. Flat arrays; payment text lives in one buffer the rows point into.
#pragma once

#include "filter.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace casegraph::store {
class Db;
}

namespace casegraph::graph {

// A payment as the money indicators need it: both parties (merge representatives), text and attrs.
struct TxRow {
    std::int64_t event_id = 0;
    std::int64_t ms = 0;
    std::int64_t amount = 0;           // absolute minor units
    std::int64_t payer = 0, payee = 0; // 0 when the source names no such party (a cash deposit)
    bool date_only = false;            // ms is a booking day, not an instant
    // Views into the owning IndicatorInputs (valid while it lives).
    std::string currency; // "GBP": short enough to stay inside the string
    std::string_view text, attrs;
    std::string_view low;      // lower(text) + " " + lower(attrs) + " ": what keyword patterns search
    std::string_view low_text; // lower(text) + " " (a prefix of `low`)
};

// A dated message with a body, its senders and recipients (merge representatives).
struct ChatMsg {
    std::int64_t id = 0, ms = 0;
    std::string body;
    std::vector<std::int64_t> senders, recipients;
};

// An identifier row, its entity folded onto the merge representative.
struct IdentRow {
    std::int64_t entity = 0;
    std::string type, scope, value;
};

class IndicatorInputs {
  public:
    // Rows outside [from_ms, to_ms] are left out (payments, messages); a date-only row is in when its day
    // in the case zone overlaps the window (graph/zone_days.hpp). Not thread-safe: parts load lazily.
    IndicatorInputs(const store::Db& db, const CaseGraph& g, std::optional<std::int64_t> from_ms = {},
                    std::optional<std::int64_t> to_ms = {});
    IndicatorInputs(const IndicatorInputs&) = delete;
    IndicatorInputs& operator=(const IndicatorInputs&) = delete;

    [[nodiscard]] const store::Db& db() const { return db_; }
    [[nodiscard]] const CaseGraph& graph() const { return g_; }
    [[nodiscard]] std::optional<std::int64_t> from_ms() const { return from_; }
    [[nodiscard]] std::optional<std::int64_t> to_ms() const { return to_; }

    // Dated payments in the window, in time order (ties by event id).
    const std::vector<TxRow>& transactions();
    // Account → the people or organisations named beside it as payer or payee of a payment (its holders).
    const std::map<std::int64_t, std::set<std::int64_t>>& account_holders();
    // Dated messages with a body in the window, by event id.
    const std::vector<ChatMsg>& messages();
    // Every identifier, by id.
    const std::vector<IdentRow>& identifiers();
    // The identifiers of one representative.
    const std::vector<const IdentRow*>& identifiers_of(std::int64_t entity);
    // Representative → " value value …" of its identifiers, lower-cased (payee matching on watchlists).
    const std::unordered_map<std::int64_t, std::string>& identifier_text();
    // The representatives an event names as its owner (the device or account whose record it is).
    const std::vector<std::int64_t>& owners_of(std::int64_t event_id);
    // Events of a kind in the whole case (not windowed).
    std::int64_t count(const std::string& kind);

  private:
    const store::Db& db_;
    const CaseGraph& g_;
    std::optional<std::int64_t> from_, to_;
    ZoneDays::DayRange days_; // the window's days, for date-only rows
    [[nodiscard]] bool in_window(std::int64_t ms, bool date_only) const;
    std::optional<std::vector<TxRow>> tx_;
    std::string tx_text_; // the buffer TxRow views point into
    std::map<std::int64_t, std::set<std::int64_t>> holders_;
    std::optional<std::vector<ChatMsg>> msgs_;
    std::optional<std::vector<IdentRow>> idents_;
    std::optional<std::unordered_map<std::int64_t, std::string>> ident_text_;
    std::optional<std::unordered_map<std::int64_t, std::vector<const IdentRow*>>> ident_by_entity_;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> owners_;
    std::map<std::string, std::int64_t> counts_;
};

} // namespace casegraph::graph
