// Bank CSV exports: one transaction event per data row. Layout (delimiter, encoding, preamble, header,
// decimal style, date order, sign rule) is read from the file or from a mapping profile (--profile); every
// assumption is noted with the import and every row that is not a transaction gets a diagnostic.
#include "bank_common.hpp"
#include "bank_csv_layout.hpp"
#include "csv_profile.hpp"
#include "csv_reader.hpp"
#include "formats.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace casegraph::ingest {
namespace {

using bank_csv::Layout;
using bank_csv::trimmed;
using bank_csv::upper_ascii;
using csv::Row;

// Rows read before the layout is decided: a skip_lines prefix plus this many (find_header looks 40 rows
// past it, the Valuta check 50 past the header).
constexpr std::size_t kHeadRows = 40 + 51;

// Row index of the header: the first row naming a date column and a money column.
std::optional<std::size_t> find_header(const std::vector<Row>& rows, std::size_t from) {
    for (std::size_t i = from; i < rows.size() && i < from + 40; ++i) {
        bool date = false, money = false;
        for (const auto& f : rows[i].fields) {
            const auto r = csv::role_for_header(f);
            date = date || r == "date" || r == "value_date" || r == "transaction_date";
            money = money || r == "amount" || r == "debit" || r == "credit";
        }
        if (date && money)
            return i;
    }
    return std::nullopt;
}

class BankCsv final : public Importer {
  public:
    std::string_view format() const override { return "bank-csv"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Bank CSV export. Detected only when a header row names date and amount columns "
               "(de/en/fr/nl/es); "
               "for any other layout pass --format bank-csv or --profile FILE (docs/bank_csv_profiles.md)";
    }

    int detect(const Probe& p) const override {
        const auto head = p.head_text();
        // A cut-off last line of the probe window must not spoil the guess.
        const auto cut =
            head.size() == p.head.size() && p.size > head.size() ? head.rfind('\n') : head.size();
        const auto d = csv::decode(head.substr(0, cut == std::string_view::npos ? head.size() : cut));
        const char delim = csv::detect_delimiter(d.text);
        if (delim == 0)
            return 0;
        return find_header(csv::read(d.text, delim), 0) ? 60 : 0;
    }

    void import(const Input& input, ImportContext& ctx) const override;
};

csv::Profile load_profile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("failed", "profile " + path + " cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        auto p = csv::parse_profile(ss.str());
        if (p.name.empty())
            p.name = path;
        return p;
    } catch (const std::exception& e) {
        throw InputError("failed", path + ": " + e.what());
    }
}

void BankCsv::import(const Input& input, ImportContext& ctx) const {
    std::string magic(2, '\0');
    {
        std::ifstream in(input.path, std::ios::binary);
        if (!in)
            throw InputError("failed", input.display_name + ": cannot be read");
        in.read(magic.data(), 2);
    }
    std::optional<csv::Profile> profile;
    if (!ctx.options().profile.empty()) {
        profile = load_profile(ctx.options().profile);
        // The profile's exact text and hash go with the import so an examiner can repeat it.
        ctx.note("profile", {{"name", profile->name}, {"sha256", profile->sha256}, {"json", profile->json}});
    }
    if (magic == "\xFF\xFE" || magic == "\xFE\xFF")
        throw InputError("unsupported", input.display_name + ": UTF-16 text; save it as UTF-8 first");
    // The file is read in passes, never held: the encoding (every byte), the layout (the first rows, then the
    // decimal and date votes of every row), then the rows themselves (bank_csv_rows.cpp).
    std::string encoding;
    try {
        encoding = csv::file_encoding(input.path, profile ? profile->encoding : "");
    } catch (const std::exception&) {
        throw InputError("failed", input.display_name + ": cannot be read");
    }
    ctx.note("encoding", encoding);
    const bank_csv::OpenText open_text = [&] { return csv::FileText(input.path, encoding); };
    char delim = profile && profile->delimiter ? *profile->delimiter : 0;
    if (delim == 0) {
        // The first 40 lines decide (detect_delimiter looks no further); a line may be long, so up to 4 MiB.
        std::string head;
        auto text = open_text();
        std::size_t lines = 0;
        for (std::string chunk = text(); !chunk.empty() && lines < 40 && head.size() < (4u << 20);
             chunk = text()) {
            lines += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            head += chunk;
        }
        delim = csv::detect_delimiter(head);
    }
    if (delim == 0)
        throw InputError("unsupported",
                         input.display_name + ": no delimiter (, ; TAB |) splits the lines into columns");
    ctx.note("delimiter", std::string(1, delim));
    // The first rows: skipped lines, preamble, header and the 50 rows after it that the Valuta check reads.
    std::vector<Row> rows;
    csv::RecordReader reader(open_text(), delim);
    {
        const std::size_t skip = profile && profile->skip_lines ? *profile->skip_lines : 0;
        std::size_t skipped = 0;
        Row r;
        while (rows.size() < skipped + kHeadRows && reader.next(r)) {
            skipped += r.line <= skip ? 1 : 0;
            rows.push_back(std::move(r));
        }
    }

    // Where the data starts: after skip_lines, then after the header row when there is one.
    std::size_t first = 0;
    if (profile && profile->skip_lines)
        while (first < rows.size() && rows[first].line <= *profile->skip_lines)
            ++first;
    std::optional<std::size_t> header;
    if (!profile || !profile->header || *profile->header) {
        header = find_header(rows, first);
        if (!header && profile && profile->header && *profile->header) {
            header = first;
            while (*header < rows.size() && rows[*header].blank())
                ++*header;
        }
    }
    Layout lay;
    if (header && *header < rows.size())
        for (std::size_t c = 0; c < rows[*header].fields.size(); ++c) {
            const auto role = csv::role_for_header(rows[*header].fields[c]);
            if (role.empty())
                continue;
            if (!lay.col.emplace(role, c).second)
                ctx.warning("line:" + std::to_string(rows[*header].line),
                            "column " + std::to_string(c + 1) + " \"" + rows[*header].fields[c] +
                                "\" names a role an earlier column already has (" + role + "): ignored");
            if (role == "amount" && lay.currency.empty())
                lay.currency = csv::currency_in_header(rows[*header].fields[c]);
        }
    if (profile)
        for (const auto& [role, ref] : profile->columns) {
            if (ref.index) {
                lay.col[role] = *ref.index;
                continue;
            }
            bool found = false;
            if (header)
                for (std::size_t c = 0; c < rows[*header].fields.size() && !found; ++c)
                    if (csv::normalise_header(rows[*header].fields[c]) == ref.header) {
                        lay.col[role] = c;
                        found = true;
                    }
            if (!found)
                throw InputError("failed", input.display_name + ": the profile's column \"" + ref.header +
                                               "\" (" + role + ") is not in the header row");
        }
    // "Valuta" is the value date in German but the currency in Dutch: the cells decide.
    if (const auto v = lay.col.find("value_date");
        v != lay.col.end() && !(profile && profile->columns.count("value_date")) && header) {
        int codes = 0, others = 0;
        for (std::size_t i = *header + 1; i < rows.size() && i < *header + 50; ++i) {
            const auto cell = v->second < rows[i].fields.size() ? trimmed(rows[i].fields[v->second]) : "";
            if (cell.empty())
                continue;
            const bool code = cell.size() == 3 && std::all_of(cell.begin(), cell.end(),
                                                              [](char c) { return c >= 'A' && c <= 'Z'; });
            ++(code ? codes : others);
        }
        if (codes > 0 && others == 0 && !lay.col.count("currency")) {
            lay.col["currency"] = v->second;
            lay.col.erase(v);
        }
    }
    for (const auto& [role, c] : lay.col)
        lay.mapped.insert(c);
    if (header)
        for (const auto& f : rows[*header].fields)
            lay.names.push_back(trimmed(f));
    const bool has_money = lay.col.count("amount") || lay.col.count("debit") || lay.col.count("credit");
    const bool has_date =
        lay.col.count("date") || lay.col.count("value_date") || lay.col.count("transaction_date");
    if (!has_money || !has_date)
        throw InputError("unsupported",
                         input.display_name +
                             ": no header row naming date and amount columns; write a mapping profile "
                             "(docs/bank_csv_profiles.md) and pass --profile FILE");
    ctx.note("header_line", header ? nlohmann::json(rows[*header].line) : nlohmann::json(nullptr));
    {
        nlohmann::json cols = nlohmann::json::object();
        for (const auto& [role, c] : lay.col)
            cols[role] = c;
        ctx.note("columns", cols);
    }

    // Preamble lines: "Key:";"value" pairs (DKB: Kreditkarte, Von, Bis, Saldo) are kept in the notes; an
    // account and a balance there are used.
    const std::size_t data_from = header ? *header + 1 : first;
    nlohmann::json preamble = nlohmann::json::object();
    std::string preamble_saldo;
    for (std::size_t i = 0; i < (header ? *header : first); ++i) {
        const auto& r = rows[i];
        if (r.blank())
            continue;
        const auto key = csv::normalise_header(r.fields[0]);
        const auto value = r.fields.size() > 1 ? trimmed(r.fields[1]) : std::string();
        preamble[trimmed(r.fields[0])] = value;
        if (key == "kreditkarte" || key == "konto" || key == "kontonummer" || key == "iban" ||
            key == "account" || key == "account number" || key == "karte" || key == "card")
            lay.account = value.substr(0, value.find(' '));
        if (key == "saldo" || key == "kontostand" || key == "balance" || key == "solde")
            preamble_saldo = value;
    }
    if (!preamble.empty())
        ctx.note("preamble", preamble);

    // Decimal style and date order are decided once per file from all its cells.
    std::map<char, int> votes;
    csv::DateVotes dvotes;
    auto vote = [&](const Row& r) {
        for (const char* role : {"amount", "debit", "credit", "balance"})
            if (auto v = lay.cell(r, role))
                if (const char d = csv::decimal_vote(*v))
                    ++votes[d];
        for (const char* role : {"date", "value_date", "transaction_date"})
            if (auto v = lay.cell(r, role))
                csv::vote_date(*v, dvotes);
    };
    for (std::size_t i = data_from; i < rows.size(); ++i)
        vote(rows[i]);
    {
        std::size_t i = rows.size();
        for (Row r; reader.next(r); ++i)
            if (i >= data_from)
                vote(r);
    }
    if (profile && profile->decimal) {
        lay.decimal = *profile->decimal;
    } else if (votes[','] > votes['.']) {
        lay.decimal = ',';
    } else if (votes['.'] == 0) {
        ctx.note("decimal_assumed", "no amount shows its decimal separator; '.' assumed");
    }
    if (votes[','] > 0 && votes['.'] > 0 && !(profile && profile->decimal))
        ctx.warning("", "amounts disagree on the decimal separator (" + std::to_string(votes['.']) +
                            " with '.', " + std::to_string(votes[',']) + " with ','); '" +
                            std::string(1, lay.decimal) + "' used, rows that do not fit are errors");
    ctx.note("decimal", std::string(1, lay.decimal));
    if (profile && !profile->date_order.empty()) {
        lay.date_order = profile->date_order;
    } else if (dvotes.dmy > 0 && dvotes.mdy == 0) {
        lay.date_order = "dmy";
    } else if (dvotes.mdy > 0 && dvotes.dmy == 0) {
        lay.date_order = "mdy";
    } else {
        // Nothing in the file decides (every day ≤ 12), or it contradicts itself.
        lay.date_order = !ctx.options().date_order.empty() ? ctx.options().date_order
                         : dvotes.separator == '/'         ? "mdy"
                                                           : "dmy";
        const std::string why = dvotes.dmy > 0
                                    ? "dates contradict each other (some day-first, some month-first)"
                                    : "no date in the file has a field above 12";
        ctx.warning("",
                    "date order is ambiguous: " + why + "; read as " + lay.date_order +
                        (ctx.options().date_order.empty() ? " (assumed from the separator; pass --date-order)"
                                                          : " (--date-order)"));
        ctx.note("date_order_assumed", true);
    }
    ctx.note("date_order", lay.date_order);
    if (lay.col.count("debit") || lay.col.count("credit"))
        lay.sign = "debit_credit";
    else if (lay.col.count("indicator"))
        lay.sign = "indicator";
    if (profile) {
        if (!profile->sign.empty())
            lay.sign = profile->sign;
        if (!profile->debit_values.empty())
            lay.debit_values = {};
        for (const auto& v : profile->debit_values)
            lay.debit_values.insert(upper_ascii(v));
        if (!profile->credit_values.empty())
            lay.credit_values = {};
        for (const auto& v : profile->credit_values)
            lay.credit_values.insert(upper_ascii(v));
        if (!profile->currency.empty())
            lay.currency = profile->currency;
        if (!profile->account.empty())
            lay.account = profile->account;
    }
    ctx.note("sign_rule", lay.sign);
    if (!preamble_saldo.empty()) {
        const char d = csv::decimal_vote(preamble_saldo);
        auto a = csv::parse_amount(preamble_saldo, d ? d : lay.decimal, bank::minor_digits(lay.currency));
        if (a.minor) {
            lay.preamble_closing = a.minor;
            if (lay.currency.empty() && a.currency.size() == 3)
                lay.currency = a.currency;
        }
    }
    bank_csv::import_rows(open_text, delim, data_from, profile ? profile->footer_lines : 0, lay, ctx);
}

} // namespace

const Importer& bank_csv_importer() {
    static const BankCsv instance;
    return instance;
}

} // namespace casegraph::ingest
