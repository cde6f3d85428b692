// OFX / QFX statements (1.x SGML and 2.x XML): bank, credit-card and the bank transactions inside
// investment statements. One transaction event per STMTTRN; positions, trades and securities are counted
// and reported as not imported. Field meanings follow the OFX specification (DOMAIN.md §4.1).
#include "bank_checks.hpp"
#include "formats.hpp"
#include "json_values.hpp"
#include "ofx_sgml.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace casegraph::ingest {
namespace {

using ofx::Document;

bool all_digits(std::string_view s) {
    if (s.empty())
        return false;
    for (const char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}
int to_int(std::string_view s) {
    int v = 0;
    for (const char c : s)
        v = v * 10 + (c - '0');
    return v;
}

struct OfxTime {
    store::EventTime time;
    std::string warning; // set when something was assumed or could not be read
};

// YYYYMMDD[HHMMSS[.XXX]][[±h[.mm]][:TZ]]. A bracketed offset makes a date-time an instant; without one the
// offset is unknown and the value is kept as its day, unless the analyst gave --tz for this evidence.
OfxTime read_ofx_time(std::string_view raw_in, const IngestOptions& options) {
    OfxTime out;
    const std::string raw(raw_in);
    out.time.raw = raw;
    std::string_view s = raw_in;
    std::string_view bracket;
    if (const auto b = s.find('['); b != std::string_view::npos) {
        bracket = s.substr(b + 1);
        s = s.substr(0, b);
        if (!bracket.empty() && bracket.back() == ']')
            bracket.remove_suffix(1);
    }
    std::string_view frac;
    if (const auto dot = s.find('.'); dot != std::string_view::npos) {
        frac = s.substr(dot + 1);
        s = s.substr(0, dot);
    }
    store::Civil c;
    if (s.size() < 8 || !all_digits(s) || (!frac.empty() && !all_digits(frac)) ||
        (s.size() != 8 && s.size() != 12 && s.size() != 14)) {
        out.time.rule = "ofx date unreadable";
        out.warning = "date \"" + raw + "\" is not YYYYMMDD[HHMMSS[.XXX]][offset:TZ]; kept as raw text only";
        return out;
    }
    c.year = to_int(s.substr(0, 4));
    c.month = to_int(s.substr(4, 2));
    c.day = to_int(s.substr(6, 2));
    if (!store::civil_is_valid(c)) {
        out.time.rule = "ofx date unreadable";
        out.warning = "date \"" + raw + "\" is not a calendar date; kept as raw text only";
        return out;
    }
    const store::Civil day = c;
    if (s.size() == 8) {
        out.time = store::time_from_date(day, raw, "ofx date");
        return out;
    }
    c.hour = to_int(s.substr(8, 2));
    c.minute = to_int(s.substr(10, 2));
    c.second = s.size() == 14 ? to_int(s.substr(12, 2)) : 0;
    if (!frac.empty()) {
        std::string ms(frac.substr(0, 3));
        ms.resize(3, '0');
        c.millis = to_int(ms);
    }
    if (c.hour > 23 || c.minute > 59 || c.second > 59) {
        out.time =
            store::time_from_date(day, raw, "ofx date-time with an invalid time field: kept as the day");
        out.warning = "date-time \"" + raw +
                      "\" has an invalid hour/minute/second field (as the bank wrote it); "
                      "the day was kept and the time of day dropped";
        return out;
    }
    std::optional<int> offset;
    if (!bracket.empty()) {
        auto o = bracket.substr(0, bracket.find(':'));
        bool neg = false;
        if (!o.empty() && (o[0] == '+' || o[0] == '-')) {
            neg = o[0] == '-';
            o.remove_prefix(1);
        }
        std::string_view mins;
        if (const auto dot = o.find('.'); dot != std::string_view::npos) {
            mins = o.substr(dot + 1);
            o = o.substr(0, dot);
        }
        if (all_digits(o) && o.size() <= 2 && to_int(o) <= 14 &&
            (mins.empty() || (mins.size() == 2 && all_digits(mins) && to_int(mins) < 60))) {
            const int secs = to_int(o) * 3600 + (mins.empty() ? 0 : to_int(mins) * 60);
            offset = neg ? -secs : secs;
        } else {
            out.warning = "date-time \"" + raw + "\" has an unreadable offset [" + std::string(bracket) +
                          "]; the offset is treated as unknown";
        }
    }
    const std::string precision = frac.empty() ? (s.size() == 12 ? "min" : "s") : "ms";
    if (offset) {
        out.time = store::time_from_unix_ms(store::civil_to_utc_ms(c, *offset), raw,
                                            "ofx date-time with offset", precision);
        out.time.offset = store::format_offset(*offset);
        return out;
    }
    if (options.tz_from == "evidence" && !options.tz.empty()) {
        if (const auto conv = store::local_to_utc(c, options.tz)) {
            out.time = store::time_from_unix_ms(conv->utc_ms, raw, "ofx date-time local+tz", precision);
            out.time.offset = conv->offset;
            out.time.offset_assumed = true;
            return out;
        }
    }
    out.time =
        store::time_from_date(day, raw, "ofx date-time without offset: kept as the day (offset unknown)");
    return out;
}

// TRNAMT / BALAMT: `.` decimal; a lone `,` with at most the currency's minor digits after it is read as a
// decimal comma (the spec is silent on it, some banks write it). Anything else is an error.
std::int64_t read_amount(std::string_view text, int digits, std::string_view what) {
    std::string t;
    for (const char c : text)
        if (c != ' ')
            t.push_back(c);
    char decimal = '.';
    const auto comma = t.find(',');
    if (comma != std::string::npos) {
        const auto after = t.size() - comma - 1;
        if (t.find('.') != std::string::npos || t.find(',', comma + 1) != std::string::npos || after == 0 ||
            after > static_cast<std::size_t>(digits) || after == 3)
            throw std::runtime_error(std::string(what) + " \"" + std::string(text) +
                                     "\" is ambiguous (comma as decimal or thousands separator?)");
        decimal = ',';
    }
    const auto v = bank::decimal_to_minor(t, digits, decimal);
    if (!v)
        throw std::runtime_error(std::string(what) + " \"" + std::string(text) +
                                 "\" is not a decimal amount");
    return *v;
}

struct Account {
    std::string type;  // iban | account_number
    std::string value; // as passed to the writer
    std::string key;   // type:value with the IBAN in electronic form (part of a transaction's identity)
    std::int64_t entity = 0;
};

// BANKACCTFROM/TO, CCACCTFROM/TO, INVACCTFROM. A national number is kept with its bank (and branch) code,
// as MT940's BANKCODE/ACCOUNT, because ACCTID alone is not unique across banks.
std::optional<Account> read_account(const Document& d, std::size_t node, store::ImportWriter& w,
                                    std::int64_t src) {
    const auto acct = d.text(node, "ACCTID");
    if (!acct || acct->empty())
        return std::nullopt;
    Account a;
    if (const auto iban = store::normalize_iban(*acct); iban.status == store::IdStatus::valid) {
        a.type = "iban";
        a.value = *acct;
        a.key = "iban:" + iban.value;
    } else {
        a.type = "account_number";
        auto bank = d.text(node, "BANKID");
        if (!bank)
            bank = d.text(node, "BROKERID");
        const auto branch = d.text(node, "BRANCHID");
        if (bank && !bank->empty())
            a.value = *bank + "/" + (branch && !branch->empty() ? *branch + "/" : "") + *acct;
        else
            a.value = *acct;
        a.key = "account_number:" + a.value;
    }
    a.entity = w.identifier(a.type, a.value, src).entity_id;
    return a;
}

std::string joined_text(std::initializer_list<std::optional<std::string>> parts) {
    std::string out;
    std::set<std::string> seen;
    for (const auto& p : parts) {
        if (!p || p->empty() || !seen.insert(*p).second)
            continue;
        if (!out.empty())
            out += "\n";
        out += *p;
    }
    return out;
}

class Ofx final : public Importer {
  public:
    std::string_view format() const override { return "ofx"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "OFX/QFX 1.x SGML and 2.x XML: bank, credit-card and investment-cash statements "
               "(transactions)";
    }

    int detect(const Probe& p) const override {
        const auto head = p.head_text();
        if (!ofx::looks_like_ofx(head))
            return 0;
        return head.find("OFXHEADER") != std::string_view::npos ? 95 : 85;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        // The file is mapped (json_od::load_json maps any file; the name is its first user's) and the
        // pages the parser is done with are let go. Bank and card transactions are imported while parsing
        // and dropped from the tree, so a long statement never sits in memory whole.
        Document doc;
        Run run{doc, ctx};
        {
            auto file = json_od::load_json(input);
            const auto view = file.view();
            ofx::parse(doc, std::string_view(view.data(), view.length()),
                       [&](std::size_t node, std::size_t consumed) {
                           const bool done = run.streamed(node);
                           if (done)
                               file.release_before(consumed);
                           return done;
                       });
        }
        const auto ofx_root = doc.child(0, "OFX");
        if (!ofx_root)
            throw InputError("unsupported", input.display_name + ": no <OFX> element; not an OFX file");
        ctx.note("ofx_version", doc.version);
        ctx.note("ofx_syntax", doc.sgml ? "sgml" : "xml");
        ctx.note("charset", doc.charset);
        for (const auto& pr : doc.problems)
            ctx.warning("line:" + std::to_string(pr.line), "OFX structure: " + pr.message);
        if (auto dts = doc.descendants(*ofx_root, "DTSERVER"); !dts.empty() && doc.nodes[dts[0]].leaf) {
            const auto t = read_ofx_time(doc.nodes[dts[0]].text, ctx.options());
            ctx.note("dtserver", doc.nodes[dts[0]].text);
            if (!t.warning.empty())
                ctx.warning("ofx:" + doc.path(dts[0]), "DTSERVER: " + t.warning);
        }
        int statements = 0;
        for (const char* kind : {"STMTRS", "CCSTMTRS", "INVSTMTRS"})
            for (const auto st : doc.descendants(*ofx_root, kind)) {
                run.statement(st);
                ++statements;
            }
        if (const auto n = doc.descendants(*ofx_root, "SECLIST"); !n.empty()) {
            std::size_t count = 0;
            for (const auto l : n)
                count += doc.nodes[l].children.size();
            ctx.warning("ofx:" + doc.path(n[0]),
                        "security list with " + std::to_string(count) +
                            " securities NOT imported (casegraph imports cash movements only)");
        }
        ctx.note("statements", statements);
        if (statements == 0)
            ctx.warning("ofx:/OFX[1]",
                        "no STMTRS, CCSTMTRS or INVSTMTRS statement in this file: nothing imported");
    }

  private:
    struct Run {
        const Document& d;
        ImportContext& ctx;
        // The first event read per account entity and FITID (this file or earlier evidence), and whether
        // it has an identity (rows written before schema v6 have none). Ids only: at a million
        // transactions the strings behind them were hundreds of megabytes.
        struct First {
            std::int64_t event = 0;
            bool has_identity = true;
        };
        std::map<std::int64_t, std::unordered_map<std::string, First>> fitids;
        // A statement while its transactions are read: opened at its first STMTTRN read during parsing
        // (the account and CURDEF come before the list) or after parsing.
        struct Stmt {
            std::string inner;
            std::optional<Account> own;
            std::optional<std::string> acct_type;
            std::string curdef;
            int digits = 2;
            std::int64_t sum = 0;
            std::int64_t imported = 0;
            // Events already in the sum: a FITID listed twice in one statement with the same amount and
            // day is one transaction and is summed once.
            std::unordered_set<std::int64_t> summed;
            // Per BANKTRANLIST read while parsing: its locator and how many STMTTRN so far.
            std::map<std::size_t, std::pair<std::string, std::size_t>> lists;
        };
        std::map<std::size_t, Stmt> stmts;

        const char* from_tag(std::size_t st) const {
            const auto& kind = d.nodes[st].name;
            return kind == "INVSTMTRS" ? "INVACCTFROM" : kind == "CCSTMTRS" ? "CCACCTFROM" : "BANKACCTFROM";
        }

        Stmt& open(std::size_t st) {
            const auto [it, added] = stmts.try_emplace(st);
            Stmt& s = it->second;
            if (!added)
                return s;
            auto& w = ctx.writer();
            s.inner = "ofx:" + d.path(st);
            const auto src = w.source(ctx.locator(s.inner));
            if (const auto from = d.child(st, from_tag(st))) {
                s.own = read_account(d, *from, w, src);
                s.acct_type = d.text(*from, "ACCTTYPE");
            }
            if (!s.own) {
                ctx.error(s.inner,
                          std::string("statement without ") + from_tag(st) +
                              "/ACCTID: its transactions are not imported (no account to attach them to)");
                return s;
            }
            preload_fitids(s.own->entity);
            s.curdef = d.text(st, "CURDEF").value_or("");
            if (s.curdef.empty())
                ctx.warning(s.inner, "statement has no CURDEF: amounts are stored without a currency");
            s.digits = bank::minor_digits(s.curdef);
            return s;
        }

        // The parser's OnClose: a bank or card statement's STMTTRN is imported as soon as it closes and
        // its subtree dropped (true). Anything else stays in the tree for statement() after parsing.
        bool streamed(std::size_t node) {
            if (d.nodes[node].name != "STMTTRN")
                return false;
            const auto list = d.nodes[node].parent;
            if (d.nodes[list].name != "BANKTRANLIST")
                return false;
            const auto st = d.nodes[list].parent;
            if (d.nodes[st].name != "STMTRS" && d.nodes[st].name != "CCSTMTRS")
                return false;
            // The spec puts the account and CURDEF before the list; a file that does not is read later.
            if (!stmts.count(st) && (!d.child(st, from_tag(st)) || !d.child(st, "CURDEF")))
                return false;
            Stmt& s = open(st);
            if (!s.own)
                return true; // reported once for the statement: nothing to attach them to
            auto [at, added] = s.lists.try_emplace(list);
            if (added)
                at->second.first = "ofx:" + d.path(list);
            transaction(node, at->second.first + "/STMTTRN[" + std::to_string(++at->second.second) + "]", s);
            return true;
        }

        void statement(std::size_t st) {
            Stmt& s = open(st);
            if (!s.own)
                return;
            const bool invest = d.nodes[st].name == "INVSTMTRS";
            const std::string& inner = s.inner;
            const char* list_tag = invest ? "INVTRANLIST" : "BANKTRANLIST";
            for (const auto list : d.children(st, list_tag)) {
                // Locators are built from the list's path and a count of same-named siblings so far:
                // Document::path() walks every earlier sibling, which made a long list quadratic.
                const std::string list_path = "ofx:" + d.path(list);
                std::map<std::string, std::size_t> nth;
                for (const auto child : d.nodes[list].children) {
                    const auto& name = d.nodes[child].name;
                    const std::string child_path =
                        list_path + "/" + name + "[" + std::to_string(++nth[name]) + "]";
                    if (name == "DTSTART" || name == "DTEND" || d.nodes[child].dropped)
                        continue; // a dropped STMTTRN was imported while parsing
                    std::optional<std::size_t> trn;
                    std::string trn_inner = child_path;
                    if (name == "STMTTRN") {
                        trn = child;
                    } else if (name == "INVBANKTRAN") {
                        trn = d.child(child, "STMTTRN");
                        trn_inner += "/STMTTRN[1]";
                    }
                    if (!trn) {
                        if (!invest)
                            ctx.warning(child_path,
                                        "unexpected <" + name + "> in " + list_tag + ": not imported");
                        continue; // investment trades: counted below
                    }
                    transaction(*trn, trn_inner, s);
                }
            }
            if (invest)
                report_investment(st);
            bank::BalanceCheck check;
            // The period the download covers: DTSTART / DTEND of the transaction list, as their days.
            for (const auto list : d.children(st, list_tag)) {
                auto day = [&](const char* tag) {
                    const std::string v = d.text(list, tag).value_or("");
                    const bool dated = v.size() >= 8 && std::all_of(v.begin(), v.begin() + 8, [](char ch) {
                                           return ch >= '0' && ch <= '9';
                                       });
                    return dated ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2)
                                 : std::string();
                };
                check.from_date = day("DTSTART");
                check.to_date = day("DTEND");
            }
            check.inner_locator = inner;
            check.what = "statement " + ctx.locator(inner);
            check.account = s.own->value;
            check.currency = s.curdef;
            check.digits = s.digits;
            check.sum = s.sum;
            check.entries = s.imported;
            check.warn_without_balances = false;
            check.mismatch_hint = "a missing page, a truncated file or a wrong sign rule";
            // OFX carries only the closing LEDGERBAL. Opening = closing - Σ would be arithmetic, not a check,
            // so the row records no-balances with the closing figure; nothing is invented.
            if (const auto lb = d.child(st, "LEDGERBAL")) {
                if (const auto amt = d.text(*lb, "BALAMT")) {
                    try {
                        check.closing = read_amount(*amt, s.digits, "LEDGERBAL/BALAMT");
                    } catch (const std::exception& e) {
                        ctx.warning("ofx:" + d.path(*lb), e.what());
                    }
                }
            }
            (void)bank::check_balances(ctx, check);
        }

        void preload_fitids(std::int64_t account) {
            if (fitids.count(account))
                return;
            auto& seen = fitids[account];
            // FITIDs of this account already in the case from other evidence (overlapping downloads).
            auto q = ctx.writer().db().prepare(
                "SELECT json_extract(e.attrs, '$.fitid'), min(e.id), max(e.identity IS NOT NULL) FROM event "
                "e "
                "JOIN event_party p ON p.event_id = e.id WHERE p.entity_id = ?1 AND e.kind = 'transaction' "
                "AND json_extract(e.attrs, '$.fitid') IS NOT NULL GROUP BY 1");
            q.bind(1, account);
            while (q.step())
                seen.emplace(q.column_text(0), First{q.column_int64(1), q.column_int64(2) != 0});
        }

        void transaction(std::size_t trn, const std::string& inner, Stmt& st) {
            const Account& own = *st.own;
            const std::string& curdef = st.curdef;
            const int digits = st.digits;
            const std::optional<std::string>& acct_type = st.acct_type;
            const std::string& stmt_inner = st.inner;
            std::int64_t& sum = st.sum;
            std::int64_t& imported = st.imported;
            auto& w = ctx.writer();
            const auto fitid = d.text(trn, "FITID");
            bool counted = false;
            std::string identity;
            const bool ok = ctx.record(inner, [&] {
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                e.kind = "transaction";
                e.app = "bank";
                const auto amt_text = d.text(trn, "TRNAMT");
                if (!amt_text)
                    throw std::runtime_error("STMTTRN without TRNAMT");
                std::string currency = curdef;
                int dig = digits;
                // <CURRENCY> in a STMTTRN: the amount is in that currency; <ORIGCURRENCY>: already converted.
                for (const char* tag : {"CURRENCY", "ORIGCURRENCY"}) {
                    const auto c = d.child(trn, tag);
                    if (!c)
                        continue;
                    const auto sym =
                        d.nodes[*c].leaf ? std::optional(d.nodes[*c].text) : d.text(*c, "CURSYM");
                    const auto rate = d.text(*c, "CURRATE");
                    if (std::string_view(tag) == "CURRENCY" && sym && !sym->empty() && *sym != curdef) {
                        currency = *sym;
                        dig = bank::minor_digits(currency);
                        if (rate)
                            e.attrs["currency_rate"] = *rate;
                    } else if (std::string_view(tag) == "ORIGCURRENCY" && sym) {
                        e.attrs["orig_currency"] = *sym;
                        if (rate)
                            e.attrs["orig_currency_rate"] = *rate;
                    }
                }
                const auto amount = read_amount(*amt_text, dig, "TRNAMT");
                e.amount_minor = amount;
                if (!currency.empty())
                    e.currency = currency;
                const auto posted = d.text(trn, "DTPOSTED");
                if (posted) {
                    auto t = read_ofx_time(*posted, ctx.options());
                    e.time = t.time;
                    if (!t.warning.empty())
                        ctx.warning(inner, "DTPOSTED: " + t.warning);
                } else {
                    e.time.rule = "ofx DTPOSTED missing";
                    ctx.warning(inner, "no DTPOSTED (required by the spec): the transaction has no date");
                }
                const auto type = d.text(trn, "TRNTYPE");
                if (type) {
                    e.attrs["tx_type"] = *type;
                    if (*type == "ATM" || *type == "CASH")
                        e.attrs["cash"] = true;
                    if (*type == "POS")
                        e.attrs["card"] = true;
                    if (*type == "FEE" || *type == "SRVCHG")
                        e.attrs["fee"] = true;
                }
                const bool out = amount < 0 || (amount == 0 && type && (*type == "DEBIT" || *type == "FEE"));
                e.direction = amount == 0 && !out ? "unknown" : out ? "outgoing" : "incoming";
                if (fitid)
                    e.attrs["fitid"] = *fitid;
                auto put = [&](const char* tag, const char* key) {
                    if (auto v = d.text(trn, tag); v && !v->empty())
                        e.attrs[key] = *v;
                };
                put("CHECKNUM", "check_number");
                put("REFNUM", "bank_ref");
                put("SRVRTID", "server_tx_id");
                put("SIC", "sic");
                put("PAYEEID", "payee_id");
                put("CORRECTFITID", "correct_fitid");
                put("CORRECTACTION", "correct_action");
                for (const auto& [tag, key] :
                     {std::pair{"DTAVAIL", "value_date"}, std::pair{"DTUSER", "user_date"}}) {
                    if (auto v = d.text(trn, tag)) {
                        auto t = read_ofx_time(*v, ctx.options());
                        e.attrs[key] = t.time.date ? *t.time.date : *v;
                        if (!t.warning.empty())
                            ctx.warning(inner, std::string(tag) + ": " + t.warning);
                    }
                }
                if (auto c = d.text(trn, "CORRECTFITID"))
                    ctx.warning(inner, "correction (" +
                                           d.text(trn, "CORRECTACTION").value_or("no CORRECTACTION") +
                                           ") of FITID " + *c + ": both records are kept as found");
                if (acct_type)
                    e.attrs["account_type"] = *acct_type;
                e.attrs["statement"] = ctx.locator(stmt_inner);
                std::optional<std::string> name = d.text(trn, "NAME");
                if (const auto payee = d.child(trn, "PAYEE"); payee && !name)
                    name = d.text(*payee, "NAME");
                const auto body = joined_text({name, d.text(trn, "EXTDNAME"), d.text(trn, "MEMO")});
                if (!body.empty())
                    e.body = body;
                const char* own_role = out ? "payer" : "payee";
                const char* other_role = out ? "payee" : "payer";
                e.parties.push_back({own.entity, own_role});
                for (const char* to_tag : {"BANKACCTTO", "CCACCTTO"})
                    if (const auto to = d.child(trn, to_tag))
                        if (auto other = read_account(d, *to, w, src))
                            e.parties.push_back({other->entity, other_role});
                if (name && !name->empty())
                    e.parties.push_back(
                        {bank::name_entity(w, *name, src, "counterparty", bank::NameSource::descriptor),
                         other_role});
                if (fitid && !fitid->empty())
                    e.identity = identity = bank::transaction_identity(
                        "ofx", own.key,
                        {*fitid, currency, std::to_string(amount), posted ? posted->substr(0, 8) : ""});
                const auto id = write(e, src, trn, inner, fitid.value_or(""), own.entity);
                counted = identity.empty() || st.summed.insert(id).second;
                if (counted && currency == curdef && __builtin_add_overflow(sum, amount, &sum))
                    throw std::runtime_error("statement sum overflows");
                if (currency != curdef)
                    ctx.warning(inner, "amount in " + currency + ", not the statement currency " + curdef +
                                           ": left out of the balance sum");
            });
            if (ok && counted)
                ++imported;
        }

        // A repeated FITID of the same account (two overlapping downloads, or twice in one file) with the
        // same amount and day is the same transaction: one event, this STMTTRN another sighting of it
        // (schema v6). The same FITID with another amount or day is not: both are imported and the
        // repeat is reported with both places.
        std::int64_t write(const store::EventRecord& e, std::int64_t src, std::size_t trn,
                           const std::string& inner, const std::string& fitid, std::int64_t account) {
            auto& w = ctx.writer();
            const auto before = w.counts().sightings;
            const auto id = w.event(e, src);
            if (e.identity.empty())
                return id;
            const auto [first, added] = fitids[account].try_emplace(fitid, First{id, true});
            const std::string what = " (TRNAMT " + d.text(trn, "TRNAMT").value_or("?") + ", DTPOSTED " +
                                     d.text(trn, "DTPOSTED").value_or("?") + ")";
            if (w.counts().sightings != before)
                ctx.warning(inner, "FITID " + fitid + " repeats " + where(id, src) +
                                       " for the same account, amount and day" + what +
                                       ": recorded as another sighting of that event, counted once");
            else if (!added && !first->second.has_identity)
                ctx.warning(inner, "FITID " + fitid + " at " + ctx.locator(inner) + " is also on " +
                                       where(first->second.event, src) +
                                       ", imported before transactions had an identity (schema v6)" + what +
                                       ": not merged with it, both kept");
            else if (!added)
                ctx.warning(inner, "FITID " + fitid + " at " + ctx.locator(inner) + " was also given to " +
                                       where(first->second.event, src) +
                                       " for the same account but with a different amount or day" + what +
                                       ": not the same transaction, both imported");
            return id;
        }

        // Where an event was first read: its locator when in this evidence, else the evidence's SHA-256 too.
        std::string where(std::int64_t event, std::int64_t src) {
            auto q = ctx.writer().db().prepare(
                "SELECT f.sha256, s.locator, s.evidence_id = (SELECT evidence_id FROM source WHERE id = ?2) "
                "FROM event e JOIN source s ON s.id = e.source_id JOIN evidence_file f ON f.id = "
                "s.evidence_id "
                "WHERE e.id = ?1");
            q.bind(1, event).bind(2, src);
            if (!q.step())
                return "event " + std::to_string(event);
            return q.column_int64(2) != 0 ? q.column_text(1)
                                          : "evidence " + q.column_text(0) + " " + q.column_text(1);
        }

        // Investment statements: only the cash (INVBANKTRAN) is imported; everything else is counted by kind
        // and reported, never silently dropped.
        void report_investment(std::size_t st) {
            std::map<std::string, int> trades;
            for (const auto list : d.children(st, "INVTRANLIST"))
                for (const auto c : d.nodes[list].children) {
                    const auto& n = d.nodes[c].name;
                    if (n != "INVBANKTRAN" && n != "DTSTART" && n != "DTEND")
                        ++trades[n];
                }
            std::size_t positions = 0;
            for (const auto list : d.children(st, "INVPOSLIST"))
                positions += d.nodes[list].children.size();
            const std::string inner = "ofx:" + d.path(st);
            if (!trades.empty()) {
                std::string what;
                int total = 0;
                for (const auto& [k, v] : trades) {
                    what += (what.empty() ? "" : ", ") + std::to_string(v) + " " + k;
                    total += v;
                }
                ctx.warning(inner, std::to_string(total) + " investment transactions NOT imported (" + what +
                                       "); only INVBANKTRAN cash movements are imported");
                ctx.note("investment_transactions_not_imported", total);
            }
            if (positions > 0) {
                ctx.warning(inner, std::to_string(positions) + " positions (INVPOSLIST) NOT imported");
                ctx.note("positions_not_imported", positions);
            }
            if (d.child(st, "INVBAL"))
                ctx.warning(inner, "investment balances (INVBAL) NOT imported and not checked");
        }
    };
};

} // namespace

const Importer& ofx_importer() {
    static const Ofx instance;
    return instance;
}

} // namespace casegraph::ingest
