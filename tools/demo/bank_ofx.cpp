// The controller's current account as an OFX download (for the single-format benchmarks): OFX 2.x XML
// or 1.x SGML (elements without end tags, aggregates closed), one statement (STMTTRNRS) per calendar
// month with its BANKTRANLIST period and a closing LEDGERBAL that equals the balance before it plus the
// month's transactions. Each month opens with the rent to every landlord and the mule's transfer in, the
// advert site is paid twice, and the rest are victims paying in, ordinary payments and card spending.
// FITIDs are unique; the output depends only on the seed and the record count.
#include "scenario.hpp"

#include <fstream>
#include <stdexcept>

namespace casegraph::demo::detail {
namespace {

enum : std::uint64_t { kOfxStream = 104 };

// Text for element content: the cast's names are plain, but a '&' or '<' must not break the markup.
std::string esc(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    for (const char c : s) {
        if (c == '&')
            o += "&amp;";
        else if (c == '<')
            o += "&lt;";
        else if (c == '>')
            o += "&gt;";
        else
            o += c;
    }
    return o;
}

struct Writer {
    std::ostream& out;
    bool sgml;
    // <TAG>value</TAG> in XML, <TAG>value and a line end in SGML.
    void leaf(const char* tag, const std::string& value) {
        out << '<' << tag << '>' << value;
        if (!sgml)
            out << "</" << tag << '>';
        out << '\n';
    }
    void open(const char* tag) { out << '<' << tag << ">\n"; }
    void close(const char* tag) { out << "</" << tag << ">\n"; }
};

// YYYYMMDDHHMMSS[0:GMT] for a UTC instant.
std::string ofx_time(std::int64_t utc) {
    const std::int64_t day = utc >= 0 ? utc / 86'400'000 : (utc - 86'399'999) / 86'400'000;
    const std::int64_t in_day = (utc - day * 86'400'000) / 1000;
    const Date d = civil_from_days(day);
    return pad_digits(d.y, 4) + pad_digits(d.m, 2) + pad_digits(d.d, 2) + pad_digits(in_day / 3600, 2) +
           pad_digits(in_day / 60 % 60, 2) + pad_digits(in_day % 60, 2) + "[0:GMT]";
}

std::string ofx_day(const Date& d) {
    return pad_digits(d.y, 4) + pad_digits(d.m, 2) + pad_digits(d.d, 2);
}

struct Trn {
    const char* type = "DEBIT";
    std::int64_t amount = 0;
    std::string name;
    std::string memo;
    const Account* to = nullptr;
};

// The k-th transaction of a month (k from 0): rents and the mule first, then the mix.
Trn pick(const Cast& cast, std::int64_t k, const Date& day, Rng& rng) {
    static const std::vector<std::string> kShops{"TESCO STORES",    "SHELL FUEL", "UBER TRIP",
                                                 "AMAZON MKTPLACE", "EE MOBILE",  "TFL TRAVEL"};
    const auto landlords = static_cast<std::int64_t>(cast.landlords.size());
    Trn t;
    if (k < landlords) {
        const Landlord& l = cast.landlords[static_cast<std::size_t>(k)];
        t.type = "XFER";
        t.to = &l.account;
        t.amount = -l.rent_minor;
        t.memo = l.remittance + " " + (l.german ? month_name_de(day.m) : month_name(day.m)) + " " +
                 std::to_string(day.y);
    } else if (k == landlords) {
        t.type = "XFER";
        t.to = &cast.mule_account;
        t.amount = 150000 + rng.range(0, 50) * 1000;
        t.memo = "JP transfer";
    } else if (k == landlords + 1 || k == landlords + 2) {
        t.to = &cast.advert_site;
        t.amount = -(4500 + rng.range(0, 20) * 100);
        t.memo = "AD " + pad_digits(rng.range(1000, 9999), 4);
    } else if (rng.percent(40)) {
        t.type = "CREDIT";
        t.to = &cast.victim_accounts[static_cast<std::size_t>(k) % cast.victim_count];
        t.amount = 20000 + rng.range(0, 30) * 1000;
        t.memo = "room money";
    } else if (!cast.fillers.empty() && rng.percent(40)) {
        t.to = &rng.pick(cast.fillers);
        t.amount = -(500 + rng.range(0, 400) * 25);
        t.memo = "payment";
    } else {
        t.type = "POS";
        t.name = rng.pick(kShops);
        t.amount = -(199 + rng.range(0, 600) * 10);
        t.memo = "CARD " + pad_digits(rng.range(1000, 9999), 4);
    }
    if (t.to != nullptr)
        t.name = t.to->holder;
    if (t.name.size() > 32) // NAME is A-32
        t.name.resize(32);
    return t;
}

} // namespace

void write_ofx(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::int64_t n,
               std::uint64_t seed, bool sgml) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    Rng rng(seed, kOfxStream);
    Writer w{out, sgml};
    if (sgml)
        out << "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
               "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";
    else
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
               "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" "
               "NEWFILEUID=\"NONE\"?>\n";
    w.open("OFX");
    w.open("SIGNONMSGSRSV1");
    w.open("SONRS");
    w.open("STATUS");
    w.leaf("CODE", "0");
    w.leaf("SEVERITY", "INFO");
    w.close("STATUS");
    w.leaf("DTSERVER", ofx_time(plan.end_ms));
    w.leaf("LANGUAGE", "ENG");
    w.close("SONRS");
    w.close("SIGNONMSGSRSV1");
    w.open("BANKMSGSRSV1");
    std::int64_t balance = 250000;
    std::int64_t i = 0;
    int statement = 0;
    std::int64_t t = n > 0 ? spread_time(plan, 0, n, rng) : plan.start_ms;
    while (i < n) {
        // One statement per UTC calendar month of the transactions' dates.
        const Date first = civil_from_days(t / 86'400'000);
        const Date from{first.y, first.m, 1};
        const Date to{first.y, first.m, days_in_month(first.y, first.m)};
        ++statement;
        w.open("STMTTRNRS");
        w.leaf("TRNUID", pad_digits(statement, 6));
        w.open("STATUS");
        w.leaf("CODE", "0");
        w.leaf("SEVERITY", "INFO");
        w.close("STATUS");
        w.open("STMTRS");
        w.leaf("CURDEF", "GBP");
        w.open("BANKACCTFROM");
        w.leaf("BANKID", cast.controller_account.bic);
        w.leaf("ACCTID", cast.controller_account.iban);
        w.leaf("ACCTTYPE", "CHECKING");
        w.close("BANKACCTFROM");
        w.open("BANKTRANLIST");
        w.leaf("DTSTART", ofx_day(from));
        w.leaf("DTEND", ofx_day(to));
        for (std::int64_t k = 0; i < n; ++k) {
            const Date day = civil_from_days(t / 86'400'000);
            if (day.m != first.m || day.y != first.y)
                break;
            const Trn r = pick(cast, k, day, rng);
            balance += r.amount;
            w.open("STMTTRN");
            w.leaf("TRNTYPE", r.type);
            w.leaf("DTPOSTED", ofx_time(t));
            w.leaf("TRNAMT", format_minor(r.amount, '.'));
            w.leaf("FITID", "CG" + pad_digits(i + 1, 10));
            w.leaf("NAME", esc(r.name));
            if (r.to != nullptr) {
                w.open("BANKACCTTO");
                w.leaf("BANKID", r.to->bic);
                w.leaf("ACCTID", r.to->iban);
                w.leaf("ACCTTYPE", "CHECKING");
                w.close("BANKACCTTO");
            }
            w.leaf("MEMO", esc(r.memo));
            w.close("STMTTRN");
            ++i;
            if (i < n)
                t = spread_time(plan, i, n, rng);
        }
        w.close("BANKTRANLIST");
        w.open("LEDGERBAL");
        w.leaf("BALAMT", format_minor(balance, '.'));
        w.leaf("DTASOF", ofx_day(to));
        w.close("LEDGERBAL");
        w.close("STMTRS");
        w.close("STMTTRNRS");
    }
    w.close("BANKMSGSRSV1");
    w.close("OFX");
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

} // namespace casegraph::demo::detail
