// One camt Ntry → transaction events: the entry itself when it has no transaction details, else one
// event per TxDtls parented to the entry (DOMAIN.md §4.2), with the batch sum checked.
#include "camt_parts.hpp"

#include <cctype>

namespace casegraph::ingest::camt {
namespace {

// A Dbtr/Cdtr/UltmtDbtr: the name sits directly inside, or (camt.05x.001.08+) inside a Pty wrapper.
std::string party_name(const XmlNode* p) {
    if (p == nullptr)
        return {};
    std::string n = p->text_at({"Nm"});
    if (n.empty())
        n = p->text_at({"Pty", "Nm"});
    return bank::collapse_spaces(n);
}

std::string account_id(const XmlNode* a) {
    if (a == nullptr)
        return {};
    std::string v = a->text_at({"Id", "IBAN"});
    if (v.empty())
        v = a->text_at({"Id", "Othr", "Id"});
    return v;
}

std::string agent_bic(const XmlNode* agt) {
    if (agt == nullptr)
        return {};
    std::string v = agt->text_at({"FinInstnId", "BICFI"});
    if (v.empty())
        v = agt->text_at({"FinInstnId", "BIC"});
    return v;
}

// Parses YYYY-MM-DD at the start of s; the rest (a time, an offset) is left to the caller.
bool parse_ymd(std::string_view s, store::Civil& c) {
    auto num = [&](std::size_t at, std::size_t n, int& out) {
        if (at + n > s.size())
            return false;
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(s[i])))
                return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    return num(0, 4, c.year) && s.size() >= 10 && s[4] == '-' && num(5, 2, c.month) && s[7] == '-' &&
           num(8, 2, c.day) && store::civil_is_valid(c);
}

struct DateTime {
    store::Civil civil;
    std::optional<int> offset_seconds;
    bool millis = false;
};

std::optional<DateTime> parse_datetime(std::string_view s) {
    DateTime d;
    if (!parse_ymd(s, d.civil) || s.size() < 16 || s[10] != 'T')
        return std::nullopt;
    std::size_t i = 11;
    auto two = [&](int& out) {
        if (i + 2 > s.size() || !std::isdigit(static_cast<unsigned char>(s[i])) ||
            !std::isdigit(static_cast<unsigned char>(s[i + 1])))
            return false;
        out = (s[i] - '0') * 10 + (s[i + 1] - '0');
        i += 2;
        return true;
    };
    if (!two(d.civil.hour) || i >= s.size() || s[i++] != ':' || !two(d.civil.minute))
        return std::nullopt;
    if (i < s.size() && s[i] == ':') {
        ++i;
        if (!two(d.civil.second))
            return std::nullopt;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        int digits = 0;
        int ms = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            if (digits < 3)
                ms = ms * 10 + (s[i] - '0');
            ++digits;
            ++i;
        }
        for (int k = digits; k < 3; ++k)
            ms *= 10;
        d.civil.millis = ms;
        d.millis = true;
    }
    if (i < s.size()) {
        if (s[i] == 'Z' && i + 1 == s.size()) {
            d.offset_seconds = 0;
        } else if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && s[i + 3] == ':') {
            const int sign = s[i] == '-' ? -1 : 1;
            ++i;
            int hh = 0;
            int mm = 0;
            if (!two(hh) || s[i++] != ':' || !two(mm) || hh > 14 || mm > 59)
                return std::nullopt;
            d.offset_seconds = sign * (hh * 3600 + mm * 60);
        } else {
            return std::nullopt;
        }
    }
    if (!store::civil_is_valid(d.civil))
        return std::nullopt;
    return d;
}

void put_if(nlohmann::json& j, const char* key, const std::string& v) {
    if (!v.empty())
        j[key] = v;
}

// What one TxDtls (or a detail-less entry) says about the other side and the purpose.
struct Details {
    std::string counter_name, counter_account, counter_bic, ultimate_payer, ultimate_payee;
    std::vector<std::string> remittance;
    std::vector<std::string> additional_remittance;
    std::string body;
};

Details read_details(const XmlNode* tx, bool credit, nlohmann::json& attrs) {
    Details d;
    if (tx == nullptr)
        return d;
    if (const auto* refs = tx->child("Refs")) {
        nlohmann::json r = nlohmann::json::object();
        static constexpr std::pair<const char*, const char*> kRefs[] = {
            {"MsgId", "message_id"},
            {"AcctSvcrRef", "account_servicer_ref"},
            {"PmtInfId", "payment_info_id"},
            {"InstrId", "instruction_id"},
            {"EndToEndId", "end_to_end_id"},
            {"UETR", "uetr"},
            {"TxId", "tx_id"},
            {"MndtId", "mandate_id"},
            {"ChqNb", "cheque_number"},
            {"ClrSysRef", "clearing_ref"}};
        for (const auto& [tag, key] : kRefs) {
            const std::string v = refs->text_at({tag});
            // "NOTPROVIDED" is the SEPA filler for a missing end-to-end id: kept as seen, never a key.
            if (!v.empty())
                r[key] = v;
        }
        if (r.contains("end_to_end_id") && r["end_to_end_id"] == "NOTPROVIDED")
            r["end_to_end_id_not_provided"] = true;
        for (const auto* p : refs->all("Prtry"))
            r["proprietary"].push_back({{"type", p->text_at({"Tp"})}, {"ref", p->text_at({"Ref"})}});
        if (!r.empty())
            attrs["refs"] = r;
    }
    const XmlNode* parties = tx->child("RltdPties");
    const XmlNode* agents = tx->child("RltdAgts");
    auto from = [](const XmlNode* n, std::string_view name) {
        return n == nullptr ? nullptr : n->child(name);
    };
    // The counterparty is the debtor side of a credit and the creditor side of a debit.
    const char* side = credit ? "Dbtr" : "Cdtr";
    d.counter_name = party_name(from(parties, side));
    d.counter_account = account_id(from(parties, credit ? "DbtrAcct" : "CdtrAcct"));
    d.counter_bic = agent_bic(from(agents, credit ? "DbtrAgt" : "CdtrAgt"));
    d.ultimate_payer = party_name(from(parties, "UltmtDbtr"));
    d.ultimate_payee = party_name(from(parties, "UltmtCdtr"));
    put_if(attrs, "counterparty_name", d.counter_name);
    put_if(attrs, "counterparty_account", d.counter_account);
    put_if(attrs, "counterparty_bic", d.counter_bic);
    put_if(attrs, "ultimate_debtor", d.ultimate_payer);
    put_if(attrs, "ultimate_creditor", d.ultimate_payee);
    put_if(attrs, "initiating_party", party_name(from(parties, "InitgPty")));
    put_if(attrs, "debtor_agent_bic", agent_bic(from(agents, "DbtrAgt")));
    put_if(attrs, "creditor_agent_bic", agent_bic(from(agents, "CdtrAgt")));
    // The holder's own side as the bank wrote it (a name differing from Ownr/Nm is worth seeing).
    put_if(attrs, "own_side_name", party_name(from(parties, credit ? "Cdtr" : "Dbtr")));
    if (const auto* rmt = tx->child("RmtInf")) {
        for (const auto* u : rmt->all("Ustrd"))
            if (auto t = u->trimmed_text(); !t.empty())
                d.remittance.push_back(t);
        for (const auto* s : rmt->all("Strd")) {
            if (auto ref = s->text_at({"CdtrRefInf", "Ref"}); !ref.empty())
                attrs["creditor_refs"].push_back(ref);
            for (const auto* a : s->all("AddtlRmtInf"))
                if (auto t = a->trimmed_text(); !t.empty())
                    d.additional_remittance.push_back(t);
        }
    }
    if (!d.remittance.empty())
        attrs["remittance_lines"] = d.remittance;
    if (!d.additional_remittance.empty())
        attrs["additional_remittance"] = d.additional_remittance;
    put_if(attrs, "additional_tx_info", tx->text_at({"AddtlTxInf"}));
    return d;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " ") + p;
    return out;
}

struct EntryHead {
    Money amount;
    bool credit = false;
    bool booked = false;
    store::EventTime time;
    nlohmann::json attrs = nlohmann::json::object();
    std::string additional_info;
};

EntryHead read_head(ImportContext& ctx, const Statement& st, const XmlNode& ntry, const std::string& inner) {
    EntryHead h;
    const auto* amt = ntry.child("Amt");
    if (amt == nullptr)
        throw std::runtime_error("entry has no Amt");
    const std::string cdi = ntry.text_at({"CdtDbtInd"});
    h.amount = money(*amt, cdi, st.currency);
    h.credit = cdi == "CRDT";
    std::string status = ntry.text_at({"Sts", "Cd"});
    if (status.empty())
        status = ntry.text_at({"Sts"});
    if (status.empty()) {
        ctx.warning(inner, "entry has no Sts; taken as booked (BOOK)");
        status = "BOOK";
    }
    h.booked = status == "BOOK";
    if (!h.booked)
        ctx.warning(inner, "entry status " + status +
                               " (not booked): imported and flagged, left out of the balance check");
    auto& a = h.attrs;
    a["status"] = status;
    a["credit_debit"] = cdi;
    a["amount"] = h.amount.raw;
    if (ntry.text_at({"RvslInd"}) == "true" || ntry.text_at({"RvslInd"}) == "1")
        a["reversal"] = true;
    put_if(a, "entry_ref", ntry.text_at({"NtryRef"}));
    put_if(a, "account_servicer_ref", ntry.text_at({"AcctSvcrRef"}));
    const auto* booking = ntry.child("BookgDt");
    const auto* value = ntry.child("ValDt");
    if (auto t = date_choice(booking, ctx.options(), "booking date")) {
        h.time = *t;
    } else if (auto v = date_choice(value, ctx.options(), "value date")) {
        ctx.warning(inner, "entry has no readable booking date (BookgDt); the value date is used");
        h.time = *v;
    } else {
        ctx.warning(inner, "entry has neither a readable booking nor value date: no time");
        h.time.rule = "camt no BookgDt/ValDt";
    }
    if (booking != nullptr)
        a["booking_date"] =
            booking->text_at({"Dt"}).empty() ? booking->text_at({"DtTm"}) : booking->text_at({"Dt"});
    if (value != nullptr)
        a["value_date"] = value->text_at({"Dt"}).empty() ? value->text_at({"DtTm"}) : value->text_at({"Dt"});
    if (const auto* code = ntry.child("BkTxCd")) {
        const std::string domain = code->text_at({"Domn", "Cd"});
        const std::string family = code->text_at({"Domn", "Fmly", "Cd"});
        const std::string sub = code->text_at({"Domn", "Fmly", "SubFmlyCd"});
        if (!domain.empty())
            a["bank_tx_code"] = domain + "/" + family + "/" + sub;
        auto flags = bank::iso_tx_code_flags(family, sub);
        if (auto p = code->text_at({"Prtry", "Cd"}); !p.empty()) {
            a["bank_tx_code_proprietary"] = p;
            put_if(a, "bank_tx_code_issuer", code->text_at({"Prtry", "Issr"}));
            // German banks write the GVC there (DK: "NTRF+166+00931"); its kinds add to the ISO code's.
            if (const auto gvc = bank::gvc_of_proprietary(p); !gvc.empty()) {
                a["gvc"] = gvc;
                flags.add(bank::german_gvc_flags(gvc, h.credit));
            }
        }
        bank::put_flags(flags, a);
    }
    h.additional_info = bank::collapse_spaces(ntry.text_at({"AddtlNtryInf"}));
    put_if(a, "additional_entry_info", h.additional_info);
    a["statement"] = st.id;
    a["statement_locator"] = ctx.locator(st.inner);
    a["message"] = st.message;
    a["own_account"] = st.account;
    return h;
}

// Writes one transaction event: the own account, its holder and whatever the details name.
// A string attribute or "" (for the transaction identity).
std::string attr_text(const nlohmann::json& a, const char* key) {
    const auto it = a.find(key);
    if (it == a.end())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// `loc` is the entry's (or its TxDtls') inner locator.
void write_event(ImportContext& ctx, const Statement& st, const EntryHead& h, const XmlNode* tx,
                 const std::string& loc, std::optional<std::int64_t> amount, const std::string& currency,
                 nlohmann::json attrs) {
    auto& w = ctx.writer();
    const std::int64_t source_id = w.source(ctx.locator(loc));
    const Details d = read_details(tx, h.credit, attrs);
    store::EventRecord e;
    e.kind = "transaction";
    e.app = "bank";
    e.time = h.time;
    e.direction = h.credit ? "incoming" : "outgoing";
    e.amount_minor = amount;
    e.currency = currency;
    // The remittance text is what a person wrote; fall back to the bank's texts so every entry's words
    // are searchable.
    std::string body = join(d.remittance);
    if (body.empty())
        body = join(d.additional_remittance);
    if (body.empty() && tx != nullptr)
        body = bank::collapse_spaces(tx->text_at({"AddtlTxInf"}));
    if (body.empty())
        body = h.additional_info;
    if (!body.empty())
        e.body = body;
    const char* own_role = h.credit ? "payee" : "payer";
    const char* other_role = h.credit ? "payer" : "payee";
    e.parties.push_back({st.account_entity, own_role});
    if (st.owner_entity != 0)
        e.parties.push_back({st.owner_entity, "owner"});
    if (!d.counter_account.empty())
        e.parties.push_back(
            {bank::account_entity(w, d.counter_account, d.counter_bic, source_id).entity_id, other_role});
    if (!d.counter_name.empty())
        e.parties.push_back({bank::name_entity(w, d.counter_name, source_id, "counterparty"), other_role});
    if (!d.ultimate_payer.empty())
        e.parties.push_back(
            {bank::name_entity(w, d.ultimate_payer, source_id, "ultimate"), "ultimate_payer"});
    if (!d.ultimate_payee.empty())
        e.parties.push_back(
            {bank::name_entity(w, d.ultimate_payee, source_id, "ultimate"), "ultimate_payee"});
    // The place inside the statement ("/Ntry[3]/NtryDtls/TxDtls[2]"), not in the file: the same
    // statement can sit at another position in another file.
    const std::string place =
        loc.compare(0, st.inner.size(), st.inner) == 0 ? loc.substr(st.inner.size()) : loc;
    e.identity = bank::transaction_identity(
        "camt/" + st.element, st.id,
        {st.account, st.currency, st.electronic_seq, st.legal_seq, place, attr_text(attrs, "status"),
         attr_text(attrs, "booking_date"), attr_text(attrs, "value_date"), attr_text(attrs, "amount"),
         attr_text(attrs, "tx_amount"), attr_text(attrs, "entry_ref"),
         attr_text(attrs, "account_servicer_ref"), attr_text(attrs, "refs")});
    e.attrs = std::move(attrs);
    bank::write_transaction(ctx, loc, e, source_id);
}

// The amount a TxDtls carries itself: Amt (camt.05x.001.03+) or AmtDtls/TxAmt/Amt.
const XmlNode* tx_amount(const XmlNode& tx) {
    if (const auto* a = tx.child("Amt"))
        return a;
    return tx.find({"AmtDtls", "TxAmt", "Amt"});
}

} // namespace

std::string day_of(std::string_view text) {
    store::Civil c;
    return text.size() >= 10 && parse_ymd(text.substr(0, 10), c) ? std::string(text.substr(0, 10))
                                                                 : std::string();
}

std::optional<store::EventTime> date_choice(const XmlNode* choice, const IngestOptions& o,
                                            std::string_view what) {
    if (choice == nullptr)
        return std::nullopt;
    if (auto dt = choice->text_at({"Dt"}); !dt.empty()) {
        store::Civil c;
        if (!parse_ymd(dt, c))
            throw std::runtime_error(std::string(what) + " '" + dt + "' is not a date (YYYY-MM-DD)");
        return store::time_from_date(c, dt, "camt ISODate");
    }
    const std::string raw = choice->text_at({"DtTm"});
    if (raw.empty())
        return std::nullopt;
    const auto d = parse_datetime(raw);
    if (!d)
        throw std::runtime_error(std::string(what) + " '" + raw + "' is not an ISO 8601 date-time");
    if (d->offset_seconds) {
        auto t = store::time_from_unix_ms(store::civil_to_utc_ms(d->civil, *d->offset_seconds), raw,
                                          "camt ISODateTime with offset", d->millis ? "ms" : "s");
        t.offset = store::format_offset(*d->offset_seconds);
        return t;
    }
    if (auto conv = store::local_to_utc(d->civil, o.tz)) {
        auto t = store::time_from_unix_ms(conv->utc_ms, raw, "camt ISODateTime local + --tz " + o.tz,
                                          d->millis ? "ms" : "s");
        t.offset = conv->offset;
        t.offset_assumed = true;
        return t;
    }
    return store::time_from_date(d->civil, raw,
                                 "camt ISODateTime without offset and no --tz: kept as the day");
}

Money money(const XmlNode& amt, std::string_view indicator, std::string_view fallback_ccy) {
    Money m;
    m.currency = amt.attr("Ccy").value_or(std::string(fallback_ccy));
    if (m.currency.empty())
        throw std::runtime_error("amount '" + amt.trimmed_text() + "' has no currency (Ccy)");
    if (indicator != "CRDT" && indicator != "DBIT")
        throw std::runtime_error("credit/debit indicator '" + std::string(indicator) +
                                 "' is neither CRDT nor DBIT");
    const std::string text = amt.trimmed_text();
    const auto a = bank::parse_amount(text, bank::minor_digits(m.currency), '.');
    if (!a.minor)
        throw std::runtime_error(a.error);
    m.minor = indicator == "DBIT" ? -*a.minor : *a.minor;
    m.raw = text + " " + m.currency + " " + std::string(indicator);
    return m;
}

void import_entry(ImportContext& ctx, Statement& st, const XmlNode& ntry, const std::string& inner) {
    // Transaction details, each with its own locator (NtryDtls may repeat in older versions).
    std::vector<std::pair<const XmlNode*, std::string>> details;
    int nd = 0;
    for (const auto* dtls : ntry.all("NtryDtls")) {
        ++nd;
        const std::string base = inner + "/NtryDtls" + (nd > 1 ? "[" + std::to_string(nd) + "]" : "");
        int k = 0;
        for (const auto* tx : dtls->all("TxDtls"))
            details.emplace_back(tx, base + "/TxDtls[" + std::to_string(++k) + "]");
    }
    std::optional<EntryHead> head;
    const bool ok = ctx.record(inner, [&] {
        EntryHead h = read_head(ctx, st, ntry, inner);
        if (details.empty())
            write_event(ctx, st, h, nullptr, inner, h.amount.minor, h.amount.currency, h.attrs);
        head = std::move(h);
    });
    if (!ok || !head)
        return; // the error names the entry; its details are not imported without it
    auto& r = st.read;
    ++r.entries;
    ++(head->credit ? r.credits : r.debits);
    auto& total = head->credit ? r.credit_sum : r.debit_sum;
    const std::int64_t magnitude = head->credit ? head->amount.minor : -head->amount.minor;
    if (head->amount.currency != st.currency || __builtin_add_overflow(total, magnitude, &total))
        r.incomparable = true;
    if (head->booked) {
        if (head->amount.currency == st.currency) {
            st.sum += head->amount.minor;
            ++st.booked;
        } else {
            st.problems.push_back("entry " + inner + " is in " + head->amount.currency +
                                  ", not the account's " + st.currency + ", and is left out of the sum");
        }
    }
    if (details.empty())
        return;
    // Several TxDtls in one entry are a batch: each is its own transaction with its own amount; a
    // single one is the entry itself, booked with the entry's amount.
    const bool batch = details.size() > 1;
    std::int64_t batch_sum = 0;
    bool sum_comparable = true;
    bool any_amount = false;
    for (std::size_t i = 0; i < details.size(); ++i) {
        // Plain names, not a structured binding: clang 14 cannot capture those in the lambda below.
        const XmlNode* tx = details[i].first;
        const std::string& loc = details[i].second;
        ctx.record(loc, [&] {
            nlohmann::json attrs = head->attrs;
            attrs["entry_locator"] = ctx.locator(inner);
            attrs["entry_amount_minor"] = head->amount.minor;
            attrs["batch_size"] = details.size();
            std::optional<std::int64_t> amount = head->amount.minor;
            std::string currency = head->amount.currency;
            std::optional<Money> tx_money;
            if (const auto* amt = tx_amount(*tx)) {
                // The entry's indicator is what was booked on the account; a TxDtls indicator that
                // disagrees is reported, not followed.
                const std::string own = tx->text_at({"CdtDbtInd"});
                if (!own.empty() && own != attrs["credit_debit"].get<std::string>())
                    ctx.warning(loc, "transaction details say " + own + " inside a " +
                                         attrs["credit_debit"].get<std::string>() +
                                         " entry; the entry's indicator is used");
                const Money m = money(*amt, attrs["credit_debit"].get<std::string>(), currency);
                tx_money = m;
                attrs["tx_amount"] = m.raw;
                if (batch) {
                    amount = m.minor;
                    currency = m.currency;
                }
            } else {
                sum_comparable = false;
                if (batch) {
                    amount.reset();
                    ctx.warning(loc,
                                "transaction details of a batch carry no amount: the event has none; the "
                                "entry's total is in entry_amount_minor");
                }
            }
            write_event(ctx, st, *head, tx, loc, amount, currency, std::move(attrs));
            // Counted only once the record stands, so a failed detail does not leave half a sum.
            if (tx_money) {
                any_amount = true;
                if (tx_money->currency != head->amount.currency)
                    sum_comparable = false;
                else
                    batch_sum += tx_money->minor;
            }
        });
    }
    if (any_amount && !sum_comparable)
        ctx.warning(inner, "the transaction details' amounts are in another currency than the entry's " +
                               head->amount.raw + " or missing: the batch sum cannot be checked");
    else if (any_amount && batch_sum != head->amount.minor)
        ctx.warning(inner,
                    "the " + std::to_string(details.size()) + " transaction details sum to " +
                        bank::format_minor(batch_sum, bank::minor_digits(head->amount.currency)) + " " +
                        head->amount.currency + ", the entry's amount is " +
                        bank::format_minor(head->amount.minor, bank::minor_digits(head->amount.currency)) +
                        " " + head->amount.currency + " (" + head->amount.raw + ")");
    if (auto n = ntry.text_at({"NtryDtls", "Btch", "NbOfTxs"});
        !n.empty() && n != std::to_string(details.size()))
        ctx.warning(inner, "the batch header says " + n + " transactions; the file holds " +
                               std::to_string(details.size()) + " transaction details");
}

} // namespace casegraph::ingest::camt
