// Indicator patterns that join chats to payments: arranged_payment (#14), recruitment_agency (#16), and
// the amounts people write in messages.
#include "indicator_text.hpp"
#include "indicators.hpp"
#include "store/mentions.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace casegraph::graph {

using namespace indicator_text;

namespace {

constexpr std::int64_t kDay = 86'400'000;

bool within(std::int64_t a, std::int64_t b, int pct) {
    return std::llabs(a - b) * 100 <= static_cast<std::int64_t>(pct) * std::max(a, b);
}

std::string join_names(const CaseGraph& g, const std::vector<std::int64_t>& ids) {
    std::string s;
    for (const auto id : ids)
        s += (s.empty() ? "" : ", ") + name_of(g, id);
    return s.empty() ? "?" : s;
}

} // namespace

std::vector<std::int64_t> amounts_in_text(const std::string& text) {
    // IBANs and phone numbers are digits too: blank them out first.
    std::string t = text;
    for (const auto& m : store::find_text_mentions(text, ""))
        std::fill(t.begin() + static_cast<std::ptrdiff_t>(m.offset),
                  t.begin() + static_cast<std::ptrdiff_t>(m.offset + m.raw.size()), ' ');
    const auto low = lower(t);
    static const std::vector<std::string> money{"pay",   "paid",    "send", "sent", "owe",   "transfer",
                                                "money", "deposit", "rent", "cash", "price", "cost"};
    const bool money_talk = mentions_any(low, money);
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < low.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(low[i])) ||
            (i > 0 && (std::isalnum(static_cast<unsigned char>(low[i - 1])) || low[i - 1] == ':' ||
                       low[i - 1] == '.' || low[i - 1] == ',')))
            continue;
        // Digits with thousands separators and at most one decimal part of two digits.
        std::size_t j = i;
        std::string whole, cents;
        while (j < low.size()) {
            if (std::isdigit(static_cast<unsigned char>(low[j]))) {
                whole += low[j++];
            } else if ((low[j] == ',' || low[j] == '.') && j + 1 < low.size() &&
                       std::isdigit(static_cast<unsigned char>(low[j + 1]))) {
                std::size_t k = j + 1;
                while (k < low.size() && std::isdigit(static_cast<unsigned char>(low[k])))
                    ++k;
                if (k - j - 1 == 3) {
                    whole += low.substr(j + 1, 3);
                    j = k;
                } else if (k - j - 1 == 2) {
                    cents = low.substr(j + 1, 2);
                    j = k;
                    break;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        const auto before = low.substr(i >= 4 ? i - 4 : 0, i >= 4 ? 4 : i);
        std::string after = low.substr(j, 5);
        const bool k_suffix = !after.empty() && after[0] == 'k' &&
                              (after.size() == 1 || !std::isalpha(static_cast<unsigned char>(after[1])));
        const bool currency = before.find("\xc2\xa3") != std::string::npos ||     // £
                              before.find("\xe2\x82\xac") != std::string::npos || // €
                              before.find('$') != std::string::npos ||
                              before.find("gbp") != std::string::npos ||
                              before.find("eur") != std::string::npos || after.rfind(" gbp", 0) == 0 ||
                              after.rfind(" eur", 0) == 0 || after.rfind(" lei", 0) == 0 ||
                              after.rfind(" pou", 0) == 0 || after.rfind(" ron", 0) == 0;
        const bool clock = after.rfind("am", 0) == 0 || after.rfind("pm", 0) == 0 ||
                           after.rfind(" am", 0) == 0 || after.rfind(" pm", 0) == 0 ||
                           after.rfind(":", 0) == 0;
        if (whole.size() > 9 || clock) {
            i = j;
            continue;
        }
        std::int64_t v = std::stoll(whole) * 100 + (cents.empty() ? 0 : std::stoll(cents));
        if (k_suffix)
            v *= 1000;
        if (currency || k_suffix || (money_talk && v >= 1000))
            out.push_back(v);
        i = j;
    }
    return out;
}

// #14: a message naming an IBAN or an amount, then within t a payment that fits it: the amount ±x% into or
// out of the named account; with no amount, money into the named account from the other side's accounts
// (those it named in any message) or, when none is known, from payers who had not paid it before the
// message; with no IBAN, the amount between the two sides' known accounts.
IndicatorResult arranged_payment(IndicatorInputs& inputs, const IndicatorOptions& /*opt: window in inputs*/) {
    const auto& g = inputs.graph();
    const auto& db = inputs.db();
    IndicatorResult r;
    r.name = "arranged_payment";
    r.number = 14;
    constexpr int days = 7, pct = 10, history_days = 30;
    r.params = {{"window_days", days}, {"amount_tolerance_percent", pct}, {"min_history_days", history_days}};
    std::set<std::int64_t> short_history; // messages whose account has too little history for "new payers"
    const auto& msgs = inputs.messages();
    const auto& txs = inputs.transactions();
    if (msgs.empty() || txs.empty()) {
        r.not_computable = "needs both messages with text and payments (chats and bank statements)";
        return r;
    }
    const auto& data = g.data();
    // Accounts named in messages: by message, and by whoever wrote or received it.
    std::map<std::int64_t, std::set<std::int64_t>> named_in, named_by;
    {
        auto st =
            db.prepare("SELECT le.event_id, l.a, l.b FROM link l JOIN link_event le ON le.link_id = l.id "
                       "JOIN entity n ON n.id = l.b WHERE l.kind = 'mentions' AND n.kind = 'account'");
        while (st.step()) {
            const auto acct = data.representative(st.column_int64(2));
            named_in[st.column_int64(0)].insert(acct);
            named_by[data.representative(st.column_int64(1))].insert(acct);
        }
    }
    std::map<std::int64_t, std::vector<const TxRow*>> touching;
    for (const auto& t : txs) {
        if (t.payee)
            touching[t.payee].push_back(&t);
        if (t.payer && t.payer != t.payee)
            touching[t.payer].push_back(&t);
    }
    for (const auto& msg : msgs) {
        const auto amounts = amounts_in_text(msg.body);
        const auto in = named_in.find(msg.id);
        if (amounts.empty() && in == named_in.end())
            continue;
        // Accounts each side is known to use: the ones it named in any message.
        auto known = [&named_by](const std::vector<std::int64_t>& side) {
            std::set<std::int64_t> out;
            for (const auto who : side)
                if (auto it = named_by.find(who); it != named_by.end())
                    out.insert(it->second.begin(), it->second.end());
            return out;
        };
        const auto mine = known(msg.senders), theirs = known(msg.recipients);
        const auto fits_amount = [&amounts](const TxRow* t) {
            return std::any_of(amounts.begin(), amounts.end(),
                               [t](std::int64_t a) { return within(a, t->amount, pct); });
        };
        IndicatorMatch m;
        std::map<std::string, std::int64_t> total;
        auto take = [&m, &total](const TxRow* t) {
            if (std::find(m.events.begin(), m.events.end(), t->event_id) != m.events.end())
                return;
            m.events.push_back(t->event_id);
            total[t->currency] += t->amount;
            for (const auto e : {t->payer, t->payee})
                if (e && std::find(m.entities.begin(), m.entities.end(), e) == m.entities.end())
                    m.entities.push_back(e);
        };
        auto soon = [&msg](const TxRow* t) { return t->ms >= msg.ms && t->ms <= msg.ms + days * kDay; };
        if (in != named_in.end()) {
            // "Pay 500 into GB…": that amount into or out of the named account. "Pay into GB…": money into
            // it from the other side's accounts when known, else from payers who had never paid it before.
            for (const auto acct : in->second)
                for (const auto* t : touching[acct]) {
                    if (!soon(t))
                        continue;
                    if (!amounts.empty()) {
                        if (fits_amount(t))
                            take(t);
                        continue;
                    }
                    if (t->payee != acct)
                        continue;
                    const auto& other = mine.count(acct) ? theirs : mine;
                    if (!other.empty()) {
                        if (other.count(t->payer) != 0)
                            take(t);
                        continue;
                    }
                    // A payer is "new" only against a history: the account's records must start at
                    // least min_history_days before the message (at the start of a statement every
                    // payer would look new).
                    if (touching[acct].front()->ms > msg.ms - history_days * kDay) {
                        short_history.insert(msg.id);
                        continue;
                    }
                    const bool fresh =
                        std::none_of(touching[acct].begin(), touching[acct].end(), [t, &msg](const TxRow* u) {
                            return u->payee == t->payee && u->payer == t->payer && u->ms < msg.ms;
                        });
                    if (fresh)
                        take(t);
                }
        } else {
            // Only an amount: a payment of it between the two sides' known accounts, either way.
            for (const auto acct : mine)
                for (const auto* t : touching[acct])
                    if (soon(t) && fits_amount(t) &&
                        (theirs.count(t->payer == acct ? t->payee : t->payer) != 0))
                        take(t);
        }
        if (m.events.empty())
            continue;
        const auto payments = m.events.size();
        std::vector<std::int64_t> people = msg.senders;
        people.insert(people.end(), msg.recipients.begin(), msg.recipients.end());
        m.entities.insert(m.entities.begin(), people.begin(), people.end());
        m.events.insert(m.events.begin(), msg.id);
        std::sort(m.events.begin() + 1, m.events.end());
        m.summary = join_names(g, msg.senders) + " wrote to " + join_names(g, msg.recipients) + " on " +
                    day_of(msg.ms) + " naming " +
                    (in != named_in.end() ? std::string("an account") : std::string("an amount")) +
                    "; within " + std::to_string(days) + " days " + std::to_string(payments) + " payments (" +
                    totals_text(total) + ") " +
                    (amounts.empty() ? "into that account from new payers or the other side's accounts"
                                     : "of that amount ±" + std::to_string(pct) + "%");
        m.score = static_cast<double>(payments);
        r.matches.push_back(std::move(m));
    }
    if (!short_history.empty())
        r.params["new_payers_not_judged"] =
            std::to_string(short_history.size()) +
            " messages naming an account without an amount: the account's records start less than " +
            std::to_string(history_days) + " days before them, too little history to call a payer new";
    if (named_in.empty())
        r.params["note"] = "no IBANs are written in this case's messages: only amounts were matched";
    return r;
}

// #16: payments to agencies on the case's list; a sender of recruitment talk (jobs, visas, documents,
// travel) followed within w days by travel or lodging bookings paid from any account of the case.
IndicatorResult recruitment_agency(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "recruitment_agency";
    r.number = 16;
    const int min_messages = opt.min.value_or(2);
    const int days = 14;
    static const std::vector<std::string> words{"job",       "work abroad",     "work in",    "visa",
                                                "agency",    "recruit",         "employment", "contract",
                                                "documents", "ready to travel", "arrive"};
    r.params = {{"min_messages", min_messages},
                {"window_days", days},
                {"recruitment_keywords", words},
                {"travel_keywords", travel_words()}};
    if (!opt.agencies.empty()) {
        IndicatorOptions o = opt;
        o.watchlist = opt.agencies;
        r.matches = advert_payments(inputs, o).matches; // the same matching, the case's list
        r.params["agencies"] = opt.agencies;
    } else {
        r.params["agencies"] =
            "not set: the case setting indicator.recruitment_agency.watchlist names the agencies";
    }
    const auto& msgs = inputs.messages();
    const auto& txs = inputs.transactions();
    if (msgs.empty() && opt.agencies.empty()) {
        r.not_computable = "needs messages with text, or a case list of agencies";
        return r;
    }
    std::vector<const TxRow*> travel;
    for (const auto& t : txs) {
        if (t.payer && mentions_any(payment_text(g, t), travel_words()))
            travel.push_back(&t);
    }
    std::map<std::int64_t, std::vector<const ChatMsg*>> talk;
    for (const auto& m : msgs)
        if (mentions_any(lower(m.body), words))
            for (const auto s : m.senders)
                talk[s].push_back(&m);
    for (const auto& [who, list] : talk) {
        if (static_cast<int>(list.size()) < min_messages)
            continue;
        IndicatorMatch m;
        m.entities.push_back(who);
        std::vector<std::int64_t> bookings;
        for (const auto* msg : list) {
            m.events.push_back(msg->id);
            for (const auto* t : travel)
                if (t->ms >= msg->ms && t->ms <= msg->ms + days * kDay)
                    bookings.push_back(t->event_id);
        }
        std::sort(bookings.begin(), bookings.end());
        bookings.erase(std::unique(bookings.begin(), bookings.end()), bookings.end());
        if (bookings.empty())
            continue;
        m.events.insert(m.events.end(), bookings.begin(), bookings.end());
        m.summary = name_of(g, who) + " sent " + std::to_string(list.size()) +
                    " messages about jobs, documents or travel, followed within " + std::to_string(days) +
                    " days by " + std::to_string(bookings.size()) + " travel or lodging payments";
        m.score = static_cast<double>(list.size() + bookings.size());
        r.matches.push_back(std::move(m));
    }
    return r;
}

} // namespace casegraph::graph
