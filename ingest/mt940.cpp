// SWIFT MT940 customer statements: several statements per file, with or without SWIFT block framing
// and bank preambles, read line by line; one transaction event per :61: with its :86: (DOMAIN.md §4.3).
#include "bank_checks.hpp"
#include "csv_reader.hpp"
#include "formats.hpp"
#include "mt940_fields.hpp"
#include "text_encoding.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

namespace casegraph::ingest {
namespace {

using mt940::Item;

// Lines of a file of any size without holding it: one line in memory at a time, each capped so a
// binary file with no line breaks cannot take all memory.
class LineReader {
  public:
    explicit LineReader(const std::filesystem::path& p) : in_(p, std::ios::binary) {}
    [[nodiscard]] bool ok() const { return static_cast<bool>(in_); }
    // False at the end. `cut` tells that the line was longer than the cap and was shortened.
    bool next(std::string& line, bool& cut) {
        line.clear();
        cut = false;
        bool any = false;
        for (;;) {
            if (pos_ == len_) {
                in_.read(buf_, sizeof buf_);
                len_ = static_cast<std::size_t>(in_.gcount());
                pos_ = 0;
                if (len_ == 0)
                    return any;
            }
            any = true;
            const char* start = buf_ + pos_;
            const void* nl = std::memchr(start, '\n', len_ - pos_);
            const std::size_t n =
                nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : len_ - pos_;
            const std::size_t room = kMaxLine > line.size() ? kMaxLine - line.size() : 0;
            line.append(start, std::min(n, room));
            cut = cut || n > room;
            pos_ += n;
            if (nl != nullptr) {
                ++pos_;
                return true;
            }
        }
    }

  private:
    static constexpr std::size_t kMaxLine = 64 * 1024;
    std::ifstream in_;
    char buf_[64 * 1024];
    std::size_t pos_ = 0, len_ = 0;
};

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool contains(const std::string& hay, std::initializer_list<std::string_view> needles) {
    for (auto n : needles)
        if (hay.find(n) != std::string::npos)
            return true;
    return false;
}

struct Statement {
    int index = 0;
    std::string inner; // mt940:statement=2
    std::string reference, number, account_raw;
    int lines = 0; // :61: lines seen so far: an entry's place in the statement
    int account_line = 0;
    std::string account; // as stored
    std::int64_t account_entity = 0;
    bool account_done = false;
    std::string currency;
    std::optional<mt940::Balance> opening, closing;
    std::int64_t sum = 0, entries = 0;
    std::vector<std::string> problems;
    std::optional<Item> pending61; // a :61: waiting to see whether a :86: follows it
};

class Mt940 final : public Importer {
  public:
    std::string_view format() const override { return "mt940"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "SWIFT MT940 customer statements"; }

    int detect(const Probe& p) const override {
        const auto head = p.head_text().substr(0, 1024);
        const bool tags =
            head.find(":20:") != std::string_view::npos && head.find(":25:") != std::string_view::npos &&
            (head.find(":61:") != std::string_view::npos || head.find(":60F:") != std::string_view::npos ||
             head.find(":60M:") != std::string_view::npos);
        return tags ? 90 : 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        // German and other banks write ISO-8859-1 / Windows-1252: a file that is not UTF-8 as a whole is
        // read in that charset (decided over every byte first, as for bank CSV), line by line so line
        // numbers stay those of the file.
        std::string encoding;
        try {
            encoding = csv::file_encoding(input.path);
        } catch (const std::exception&) {
            throw InputError("failed", input.display_name + ": cannot be read");
        }
        LineReader lines(input.path);
        if (!lines.ok())
            throw InputError("failed", input.display_name + ": cannot be read");
        ctx.note("encoding", encoding);
        Run run{ctx, input};
        std::string line;
        bool cut = false;
        int no = 0;
        std::vector<Item> items;
        while (lines.next(line, cut)) {
            ++no;
            if (encoding == "windows-1252")
                line = cp1252_to_utf8(line);
            else if (encoding == "iso-8859-1")
                line = latin1_to_utf8(line);
            else if (cut) // a UTF-8 character cut by the cap
                line = utf8_lossy(line);
            if (cut)
                ctx.error("mt940:line=" + std::to_string(no),
                          "line longer than 64 KiB: only its start was read; this is not MT940 text");
            run.splitter.feed(line, no, items);
            for (auto& it : items)
                run.item(it);
            items.clear();
        }
        run.splitter.finish(items);
        for (auto& it : items)
            run.item(it);
        if (run.splitter.statements() == 0)
            throw InputError("unsupported",
                             input.display_name + ": no MT940 statement (:20: :25: :60F: :61: tags) found");
        ctx.note("statements", run.splitter.statements());
        ctx.note("preamble_lines", run.splitter.preamble_lines());
        if (run.splitter.control_bytes() > 0)
            ctx.note("control_bytes_removed", run.splitter.control_bytes());
    }

  private:
    struct Run {
        ImportContext& ctx;
        const Input& input;
        mt940::Splitter splitter;
        std::optional<Statement> st;
        bank::Continuity continuity;

        static std::string at(int statement, int line) {
            return statement > 0
                       ? "mt940:statement=" + std::to_string(statement) + "/line=" + std::to_string(line)
                       : "mt940:line=" + std::to_string(line);
        }

        Statement& current(int index) {
            if (!st || st->index != index) {
                st.emplace();
                st->index = index;
                st->inner = "mt940:statement=" + std::to_string(index);
            }
            return *st;
        }

        void item(Item& it) {
            if (it.kind == Item::Kind::problem) {
                if (it.error)
                    ctx.error(at(it.statement, it.line), it.message);
                else
                    ctx.warning(at(it.statement, it.line), it.message);
                // A stray line is not a statement line: whether the figures add up is left to the
                // arithmetic (a lost :61: shows there), the line itself is the error above.
                return;
            }
            if (it.kind == Item::Kind::statement_end) {
                if (st && st->index == it.statement)
                    finish();
                return;
            }
            Statement& s = current(it.statement);
            if (s.pending61 && it.tag != "86") {
                entry(*s.pending61, nullptr);
                s.pending61.reset();
            }
            field(s, it);
        }

        void field(Statement& s, Item& it) {
            const std::string loc = at(s.index, it.line);
            const std::string& t = it.tag;
            if (t == "20") {
                s.reference = bank::collapse_spaces(it.value);
            } else if (t == "25") {
                s.account_raw = bank::collapse_spaces(it.value);
                s.account_line = it.line;
            } else if (t == "28C" || t == "28") {
                s.number = bank::collapse_spaces(it.value);
            } else if (t == "60F" || t == "60M" || t == "62F" || t == "62M") {
                balance(s, it, loc, t[1] == '0');
            } else if (t == "64" || t == "65") {
                // Available and forward balances are not part of opening + entries = closing; they are
                // validated so a broken one is reported, and kept nowhere else.
                try {
                    (void)mt940::parse_balance(it.value);
                } catch (const std::exception& e) {
                    ctx.warning(loc, std::string(":") + t + ": " + e.what());
                }
            } else if (t == "61") {
                ensure_account(s);
                s.pending61 = std::move(it);
            } else if (t == "86") {
                if (s.pending61) {
                    entry(*s.pending61, &it);
                    s.pending61.reset();
                } else {
                    ctx.warning(loc, ":86: not after a :61: (information for the statement as a whole), not "
                                     "attached to any transaction: '" +
                                         bank::collapse_spaces(it.value).substr(0, 300) + "'");
                }
            } else if (t == "21" || t == "13D" || t == "34F" || t == "90D" || t == "90C") {
                ctx.warning(loc, ":" + t + ": (" + bank::collapse_spaces(it.value) + ") is not imported");
            } else {
                ctx.warning(loc, "unknown tag :" + t + ": not imported: '" +
                                     bank::collapse_spaces(it.value).substr(0, 200) + "'");
            }
        }

        void balance(Statement& s, const Item& it, const std::string& loc, bool opening) {
            try {
                auto b = mt940::parse_balance(it.value);
                if (s.currency.empty())
                    s.currency = b.currency;
                auto& slot = opening ? s.opening : s.closing;
                if (slot)
                    ctx.warning(loc, "a second :" + it.tag + ": balance in one statement; the first is used");
                else
                    slot = std::move(b);
            } catch (const std::exception& e) {
                ctx.error(loc, ":" + it.tag + ": " + e.what());
                s.problems.push_back("the :" + it.tag + ": balance on line " + std::to_string(it.line) +
                                     " could not be read");
            }
        }

        // The statement's own account from :25: (IBAN, BANKCODE/ACCOUNT, or a bare number with the
        // bank's BIC from a preamble when there is one). Written outside any entry's savepoint.
        void ensure_account(Statement& s) {
            if (s.account_done)
                return;
            s.account_done = true;
            auto& w = ctx.writer();
            const auto src =
                w.source(ctx.locator(s.account_line > 0 ? at(s.index, s.account_line) : s.inner));
            std::string raw = s.account_raw;
            // Some banks append the currency: "NL50RABO0123456789 EUR".
            if (const auto sp = raw.rfind(' '); sp != std::string::npos && raw.size() - sp == 4)
                raw = raw.substr(0, sp);
            if (raw.empty()) {
                ctx.warning(s.inner, "statement has no :25: account identification");
                s.account = "unknown";
                s.account_entity =
                    w.entity("account", "account-unknown:" + w.evidence_sha256() + ":" + s.inner,
                             "unknown account of " + input.display_name, src, "account");
                return;
            }
            std::string number = raw;
            std::string bank_code;
            if (!bank::iban_shaped(raw)) {
                if (const auto slash = raw.find('/'); slash != std::string::npos) {
                    bank_code = raw.substr(0, slash);
                    number = raw.substr(slash + 1);
                } else {
                    bank_code = splitter.preamble_bic();
                }
            }
            const auto a = bank::account_entity(w, number, bank_code, src);
            s.account = a.value;
            s.account_entity = a.entity_id;
        }

        void entry(const Item& it61, const Item* it86) {
            Statement& s = *st;
            const std::string inner = at(s.index, it61.line);
            const std::string place = std::to_string(++s.lines);
            std::int64_t booked = 0;
            const bool ok = ctx.record(inner, [&] {
                auto& w = ctx.writer();
                const auto l = mt940::parse_61(it61.value);
                const int digits = bank::minor_digits(s.currency);
                const auto a = bank::parse_amount(l.amount, digits, ',');
                if (!a.minor)
                    throw std::runtime_error(":61: " + a.error);
                if (s.currency.empty())
                    ctx.warning(inner, "no currency: the statement has no readable :60F:/:62F: balance; two "
                                       "decimals assumed");
                const std::int64_t amount = l.credit() ? *a.minor : -*a.minor;
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                e.kind = "transaction";
                e.app = "bank";
                e.direction = l.credit() ? "incoming" : "outgoing";
                e.amount_minor = amount;
                if (!s.currency.empty())
                    e.currency = s.currency;
                const std::string first = it61.value.substr(0, it61.value.find('\n'));
                const std::string fv = bank::collapse_spaces(first);
                if (l.entry_date)
                    e.time = store::time_from_date(*l.entry_date, fv.substr(0, 10),
                                                   "mt940 :61: entry date MMDD, year from the value date");
                else
                    e.time = store::time_from_date(l.value_date, fv.substr(0, 6),
                                                   "mt940 :61: value date YYMMDD (no entry date given)");
                auto& at_ = e.attrs;
                at_["value_date"] = store::format_date(l.value_date);
                if (l.entry_date)
                    at_["entry_date"] = store::format_date(*l.entry_date);
                at_["mark"] = l.mark;
                if (l.reversal())
                    at_["reversal"] = true;
                at_["amount"] = l.amount;
                if (!l.funds_code.empty())
                    at_["funds_code"] = l.funds_code;
                at_["bank_tx_code"] = l.type;
                if (!l.customer_ref.empty())
                    at_["customer_ref"] = l.customer_ref;
                if (!l.bank_ref.empty())
                    at_["bank_ref"] = l.bank_ref;
                if (!l.details.empty())
                    at_["supplementary_details"] = l.details;
                at_["statement"] = s.reference;
                if (!s.number.empty())
                    at_["statement_number"] = s.number;
                at_["statement_locator"] = ctx.locator(s.inner);
                at_["own_account"] = s.account;
                mt940::Info info;
                if (it86 != nullptr) {
                    info = mt940::parse_86(it86->value);
                    at_["info_line"] = it86->line;
                    at_["info_scheme"] = info.scheme;
                    at_["info_raw"] = it86->value;
                    if (!info.gvc.empty())
                        at_["gvc"] = info.gvc;
                    if (!info.posting_text.empty())
                        at_["posting_text"] = info.posting_text;
                    for (const auto& [k, v] : info.refs)
                        at_["refs"][k] = v;
                    for (const auto& [k, v] : info.other)
                        at_["info_other"][k] = v;
                    if (info.ibans.size() > 1 ||
                        (!info.ibans.empty() && info.ibans.front() != info.counter_account))
                        at_["ibans_in_text"] = info.ibans;
                    if (!info.name_rule.empty())
                        at_["counterparty_name_rule"] = info.name_rule;
                }
                std::string body = info.purpose.empty() ? info.posting_text : info.purpose;
                if (!body.empty())
                    e.body = body;
                flags(l, info, at_);
                // The counterparty: from :86:, else an account in the supplementary details (Rabobank
                // writes the other side's IBAN or number there).
                std::string counter_account = info.counter_account;
                std::string counter_bank = info.counter_bank;
                if (counter_account.empty() && !l.details.empty()) {
                    const std::string d = upper(l.details);
                    const bool number_only =
                        d.size() >= 7 && std::all_of(d.begin() + (d[0] == 'P' ? 1 : 0), d.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
                    if (bank::iban_shaped(d) || number_only)
                        counter_account = l.details;
                }
                const char* own_role = l.credit() ? "payee" : "payer";
                const char* other_role = l.credit() ? "payer" : "payee";
                e.parties.push_back({s.account_entity, own_role});
                // Free text that names the statement's own IBAN ("Kosten rekening NL91...") names no
                // counterparty.
                if (info.scheme == "free" && !counter_account.empty() &&
                    store::normalize_iban(counter_account).value == s.account)
                    counter_account.clear();
                if (!counter_account.empty()) {
                    const auto ca = bank::account_entity(w, counter_account, counter_bank, src);
                    e.parties.push_back({ca.entity_id, other_role});
                    at_["counterparty_account"] = ca.value;
                }
                if (!counter_bank.empty())
                    at_["counterparty_bank"] = counter_bank;
                if (!info.counter_name.empty()) {
                    e.parties.push_back(
                        {bank::name_entity(w, info.counter_name, src, "counterparty"), other_role});
                    at_["counterparty_name"] = info.counter_name;
                }
                // Ultimate parties: SEPA ABWA+/ABWE+ (German), ULTD/ULTC (Dutch).
                for (const auto& [key, role] : {std::pair<const char*, const char*>{"ABWA", "ultimate_payer"},
                                                {"ULTD", "ultimate_payer"},
                                                {"ABWE", "ultimate_payee"},
                                                {"ULTC", "ultimate_payee"}})
                    if (auto r = info.refs.find(key); r != info.refs.end() && !r->second.empty())
                        e.parties.push_back({bank::name_entity(w, r->second, src, "ultimate"), role});
                e.identity = bank::transaction_identity(
                    "mt940", s.reference,
                    {s.account, s.currency, s.number, place, at_["value_date"].get<std::string>(),
                     l.entry_date ? at_["entry_date"].get<std::string>() : "", l.mark, l.amount, l.bank_ref,
                     l.customer_ref});
                bank::write_transaction(ctx, inner, e, src);
                booked = amount;
            });
            if (ok) {
                s.sum += booked;
                ++s.entries;
            } else {
                s.problems.push_back("the statement line on line " + std::to_string(it61.line) +
                                     " could not be read and is not in the sum");
            }
        }

        // Cash, card, fee and transfer flags from what MT940 carries: the German business transaction
        // code (GVC) of a structured :86:, the SWIFT type code (CHG charges, COM commission) and the bank's
        // posting text (German ?00 Buchungstext, Dutch free-text prefixes GEA = cash machine, BEA = card
        // terminal). The rule is stored with the flags.
        static void flags(const mt940::StatementLine& l, const mt940::Info& info, nlohmann::json& a) {
            const auto gvc = bank::german_gvc_flags(info.gvc, l.credit());
            bank::put_flags(gvc, a);
            const std::string code = l.type.size() == 4 ? l.type.substr(1) : "";
            const std::string text =
                upper(info.posting_text.empty() ? info.purpose.substr(0, 40) : info.posting_text);
            const bool free_text = info.scheme == "free";
            if (contains(text,
                         {"BARGELD", "BAREINZAHLUNG", "BARAUSZAHLUNG", "GELDAUTOMAT", "AUSZAHLUNG GAA"}) ||
                (free_text && text.rfind("GEA ", 0) == 0)) {
                a["cash"] = true;
                a["cash_kind"] = l.credit() ? "deposit" : "withdrawal";
                a["flags_rule"] = "posting text";
            }
            if (contains(text, {"KARTENZAHLUNG", "GIROCARD", "DEBITKARTE"}) ||
                (free_text && text.rfind("BEA ", 0) == 0)) {
                a["card"] = true;
                a["flags_rule"] = "posting text";
            }
            if (code == "CHG" || code == "COM" || contains(text, {"ENTGELT", "GEBUEHR", "GEBÜHR"})) {
                a["fee"] = true;
                a["flags_rule"] = code == "CHG" || code == "COM" ? "SWIFT type code" : "posting text";
            }
            // The bank's own code for the booking comes first; words of its text may add to it.
            if (gvc.any())
                a["flags_rule"] =
                    "GVC " + info.gvc +
                    (a.contains("flags_rule") ? " + " + a["flags_rule"].get<std::string>() : "");
        }

        void finish() {
            Statement& s = *st;
            if (s.pending61) {
                entry(*s.pending61, nullptr);
                s.pending61.reset();
            }
            ensure_account(s);
            bank::BalanceCheck c;
            c.inner_locator = s.inner;
            c.what = "MT940 statement " + std::to_string(s.index) + " (:20: " + s.reference +
                     (s.number.empty() ? "" : ", :28C: " + s.number) + ")";
            c.account = s.account;
            c.currency = s.currency;
            c.digits = bank::minor_digits(s.currency);
            c.sum = s.sum;
            c.entries = s.entries;
            c.problems = s.problems;
            if (s.opening) {
                c.opening = s.opening->minor;
                c.opening_currency = s.opening->currency;
                if (s.opening->currency != s.currency)
                    c.problems.push_back("the opening balance is in " + s.opening->currency);
            }
            if (s.closing) {
                c.closing = s.closing->minor;
                c.closing_currency = s.closing->currency;
                if (s.closing->currency != s.currency)
                    c.problems.push_back("the closing balance is in " + s.closing->currency +
                                         ", the opening in " + s.currency);
            }
            c.statement_ref = s.reference;
            c.seq = s.number;
            const auto seq = bank::parse_seq(s.number);
            c.seq_number = seq.number;
            c.seq_page = seq.page;
            if (s.opening)
                c.from_date = store::format_date(s.opening->date);
            if (s.closing)
                c.to_date = store::format_date(s.closing->date);
            (void)bank::check_balances(ctx, c);
            continuity.check(ctx, c);
            st.reset();
        }
    };
};

} // namespace

const Importer& mt940_importer() {
    static const Mt940 instance;
    return instance;
}

} // namespace casegraph::ingest
