// The case records indicator patterns share, read once per run (see indicator_inputs.hpp).
#include "indicator_inputs.hpp"

#include "case_data.hpp"
#include "store/sqlite.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace casegraph::graph {

namespace {

void append_lower(std::string& out, std::string_view s) {
    for (const char c : s)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// An event's instant, or its booking day when only a date is known; nullopt when undated.
std::optional<std::int64_t> event_ms(const store::Statement& st, int ms_col, int date_col, bool& date_only) {
    date_only = false;
    if (auto ms = st.column_opt_int64(ms_col))
        return ms;
    if (auto day = st.column_opt_text(date_col))
        if (auto ms = store::parse_iso_instant(*day)) {
            date_only = true;
            return ms;
        }
    return std::nullopt;
}

} // namespace

IndicatorInputs::IndicatorInputs(const store::Db& db, const CaseGraph& g, std::optional<std::int64_t> from_ms,
                                 std::optional<std::int64_t> to_ms)
    : db_(db), g_(g), from_(from_ms), to_(to_ms), days_(g.data().days().days_in_window(from_ms, to_ms)) {}

bool IndicatorInputs::in_window(std::int64_t ms, bool date_only) const {
    if (date_only)
        return days_.holds(ZoneDays::day_of_utc_midnight(ms));
    return !(from_ && ms < *from_) && !(to_ && ms > *to_);
}

const std::vector<TxRow>& IndicatorInputs::transactions() {
    if (tx_)
        return *tx_;
    const auto& data = g_.data();
    struct Offsets {
        std::size_t text, text_len, attrs, attrs_len, low, low_len, low_text_len;
    };
    std::vector<TxRow> rows;
    std::vector<Offsets> offs;
    auto st =
        db_.prepare("SELECT id, utc_ms, date, amount_minor, coalesce(currency, ''), coalesce(body, ''), "
                    "coalesce(attrs, '') FROM event WHERE kind = 'transaction' ORDER BY id");
    while (st.step()) {
        bool date_only = false;
        const auto ms = event_ms(st, 1, 2, date_only);
        if (!ms)
            continue; // undated: cannot be placed in a month or a window
        if (!in_window(*ms, date_only))
            continue;
        TxRow t;
        t.event_id = st.column_int64(0);
        t.ms = *ms;
        t.date_only = date_only;
        t.amount = std::abs(st.column_opt_int64(3).value_or(0));
        t.currency = st.column_text(4);
        const auto text = st.column_text(5), attrs = st.column_text(6);
        Offsets o{};
        o.text = tx_text_.size();
        o.text_len = text.size();
        tx_text_ += text;
        o.attrs = tx_text_.size();
        o.attrs_len = attrs.size();
        tx_text_ += attrs;
        o.low = tx_text_.size();
        append_lower(tx_text_, text);
        tx_text_ += ' ';
        o.low_text_len = tx_text_.size() - o.low;
        append_lower(tx_text_, attrs);
        tx_text_ += ' ';
        o.low_len = tx_text_.size() - o.low;
        rows.push_back(std::move(t));
        offs.push_back(o);
    }
    // Payer and payee: the lowest entity id in each role (as the importers write one of each), in one pass
    // over the parties of payments in event order, merged with the rows (also in event order).
    auto parties = db_.prepare(
        "SELECT p.event_id, p.entity_id, p.role FROM event e JOIN event_party p ON p.event_id = e.id WHERE "
        "e.kind = 'transaction' AND p.role IN ('payer', 'payee') ORDER BY p.event_id, p.entity_id");
    // A side naming an account and a person or organisation: that is the account's holder.
    std::vector<std::int64_t> side[2]; // payer, payee parties of the current event
    auto holders_of = [this, &data, &side] {
        for (auto& ids : side) {
            for (const auto a : ids)
                if (const auto* ea = data.entity(a); ea && ea->kind == "account")
                    for (const auto h : ids)
                        if (const auto* eh = data.entity(h);
                            eh && (eh->kind == "person" || eh->kind == "organisation"))
                            holders_[a].insert(h);
            ids.clear();
        }
    };
    std::size_t i = 0;
    std::int64_t current = 0;
    while (parties.step() && i < rows.size()) {
        const auto ev = parties.column_int64(0);
        while (i < rows.size() && rows[i].event_id < ev)
            ++i;
        if (i == rows.size() || rows[i].event_id != ev)
            continue;
        if (ev != current)
            holders_of();
        current = ev;
        const bool payer = parties.column_text(2) == "payer";
        const auto who = data.representative(parties.column_int64(1));
        auto& slot = payer ? rows[i].payer : rows[i].payee;
        if (slot == 0)
            slot = who;
        side[payer ? 0 : 1].push_back(who);
    }
    holders_of();
    const std::string_view buf(tx_text_);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& o = offs[k];
        rows[k].text = buf.substr(o.text, o.text_len);
        rows[k].attrs = buf.substr(o.attrs, o.attrs_len);
        rows[k].low = buf.substr(o.low, o.low_len);
        rows[k].low_text = buf.substr(o.low, o.low_text_len);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TxRow& a, const TxRow& b) { return a.ms < b.ms; });
    tx_ = std::move(rows);
    return *tx_;
}

const std::map<std::int64_t, std::set<std::int64_t>>& IndicatorInputs::account_holders() {
    transactions();
    return holders_;
}

const std::vector<ChatMsg>& IndicatorInputs::messages() {
    if (msgs_)
        return *msgs_;
    const auto& data = g_.data();
    std::vector<ChatMsg> out;
    auto st = db_.prepare("SELECT id, utc_ms, date, body FROM event WHERE kind = 'message' AND body IS NOT "
                          "NULL AND body <> '' ORDER BY id");
    while (st.step()) {
        bool date_only = false;
        const auto ms = event_ms(st, 1, 2, date_only);
        if (!ms || !in_window(*ms, date_only))
            continue;
        ChatMsg m;
        m.id = st.column_int64(0);
        m.ms = *ms;
        m.body = st.column_text(3);
        out.push_back(std::move(m));
    }
    // No ORDER BY (sorting ~2 parties per message costs more than the read): each party row finds its
    // message by id (out is in id order), and each message's parties are sorted after.
    auto parties = db_.prepare("SELECT p.event_id, p.entity_id, p.role FROM event e JOIN event_party p ON "
                               "p.event_id = e.id WHERE e.kind = 'message' AND e.body IS NOT NULL AND e.body "
                               "<> ''");
    while (parties.step()) {
        const auto ev = parties.column_int64(0);
        const auto it = std::lower_bound(out.begin(), out.end(), ev,
                                         [](const ChatMsg& m, std::int64_t id) { return m.id < id; });
        if (it == out.end() || it->id != ev)
            continue; // undated or outside the window
        const auto who = data.representative(parties.column_int64(1));
        (parties.column_text(2) == "sender" ? it->senders : it->recipients).push_back(who);
    }
    for (auto& m : out) {
        std::sort(m.senders.begin(), m.senders.end());
        std::sort(m.recipients.begin(), m.recipients.end());
    }
    msgs_ = std::move(out);
    return *msgs_;
}

const std::vector<IdentRow>& IndicatorInputs::identifiers() {
    if (idents_)
        return *idents_;
    std::vector<IdentRow> out;
    auto st = db_.prepare("SELECT entity_id, type, scope, value FROM identifier ORDER BY id");
    while (st.step())
        out.push_back({g_.data().representative(st.column_int64(0)), st.column_text(1), st.column_text(2),
                       st.column_text(3)});
    idents_ = std::move(out);
    return *idents_;
}

const std::vector<const IdentRow*>& IndicatorInputs::identifiers_of(std::int64_t entity) {
    if (!ident_by_entity_) {
        std::unordered_map<std::int64_t, std::vector<const IdentRow*>> by;
        for (const auto& i : identifiers())
            by[i.entity].push_back(&i);
        ident_by_entity_ = std::move(by);
    }
    static const std::vector<const IdentRow*> none;
    const auto it = ident_by_entity_->find(entity);
    return it == ident_by_entity_->end() ? none : it->second;
}

const std::unordered_map<std::int64_t, std::string>& IndicatorInputs::identifier_text() {
    if (ident_text_)
        return *ident_text_;
    std::unordered_map<std::int64_t, std::string> out;
    for (const auto& i : identifiers()) {
        auto& s = out[i.entity];
        s += ' ';
        append_lower(s, i.value);
    }
    ident_text_ = std::move(out);
    return *ident_text_;
}

const std::vector<std::int64_t>& IndicatorInputs::owners_of(std::int64_t event_id) {
    if (auto it = owners_.find(event_id); it != owners_.end())
        return it->second;
    std::vector<std::int64_t> out;
    auto st = db_.prepare(
        "SELECT entity_id FROM event_party WHERE event_id = ?1 AND role = 'owner' ORDER BY entity_id");
    st.bind(1, event_id);
    while (st.step())
        out.push_back(g_.data().representative(st.column_int64(0)));
    return owners_.emplace(event_id, std::move(out)).first->second;
}

std::int64_t IndicatorInputs::count(const std::string& kind) {
    if (auto it = counts_.find(kind); it != counts_.end())
        return it->second;
    auto st = db_.prepare("SELECT count(*) FROM event WHERE kind = ?1");
    st.bind(1, kind);
    const auto n = st.step() ? st.column_int64(0) : 0;
    counts_.emplace(kind, n);
    return n;
}

} // namespace casegraph::graph
