// A camt statement's TxsSummry checked against the entries actually in the file: the bank states how
// many entries it sent and what they add up to, so a dropped or added entry shows even when no balance
// is given (camt.052 / .054) or when a missing credit and a missing debit cancel out in the balances.
#include "camt_parts.hpp"

namespace casegraph::ingest::camt {
namespace {

struct Figures {
    const Statement& st;
    int digits;
    std::vector<std::string> out;

    std::string money(std::int64_t v) const { return bank::format_minor(v, digits) + " " + st.currency; }

    void count(const XmlNode& s, std::string_view group, std::int64_t read) {
        const std::string text = s.text_at({group, "NbOfNtries"});
        if (text.empty())
            return;
        const auto n = bank::parse_seq(text).number;
        if (!n || text.find('/') != std::string::npos)
            out.push_back(std::string(group) + "/NbOfNtries '" + text + "' is not a number");
        else if (*n != read)
            out.push_back(std::string(group) + "/NbOfNtries says " + text + " entries, the file holds " +
                          std::to_string(read));
    }

    // An amount the summary states: unsigned Sum, or a net amount with its own indicator.
    void amount(std::string_view what, const std::string& text, const std::string& indicator,
                std::optional<std::int64_t> read) {
        if (text.empty())
            return;
        if (st.read.incomparable || !read) {
            out.push_back(std::string(what) +
                          " cannot be compared: some entries are in another currency than " + st.currency +
                          " or too large to add up");
            return;
        }
        const auto a = bank::parse_amount(text, digits, '.');
        if (!a.minor) {
            out.push_back(std::string(what) + ": " + a.error);
            return;
        }
        const std::int64_t said = indicator == "DBIT" ? -*a.minor : *a.minor;
        std::int64_t diff = 0;
        if (said != *read)
            out.push_back(
                std::string(what) + " says " + money(said) + ", the entries in the file add up to " +
                money(*read) +
                (__builtin_sub_overflow(*read, said, &diff) ? "" : " (difference " + money(diff) + ")"));
    }
};

} // namespace

std::vector<std::string> summary_mismatches(const XmlNode& s, const Statement& st) {
    Figures f{st, bank::minor_digits(st.currency), {}};
    const auto& r = st.read;
    f.count(s, "TtlNtries", r.entries);
    f.count(s, "TtlCdtNtries", r.credits);
    f.count(s, "TtlDbtNtries", r.debits);
    // Totals of the two sides; unset when they do not fit in 64 bits.
    auto add = [](std::int64_t a, std::int64_t b) {
        std::int64_t v = 0;
        return __builtin_add_overflow(a, b, &v) ? std::nullopt : std::optional<std::int64_t>(v);
    };
    auto sub = [](std::int64_t a, std::int64_t b) {
        std::int64_t v = 0;
        return __builtin_sub_overflow(a, b, &v) ? std::nullopt : std::optional<std::int64_t>(v);
    };
    f.amount("TtlNtries/Sum", s.text_at({"TtlNtries", "Sum"}), "", add(r.credit_sum, r.debit_sum));
    f.amount("TtlCdtNtries/Sum", s.text_at({"TtlCdtNtries", "Sum"}), "", r.credit_sum);
    f.amount("TtlDbtNtries/Sum", s.text_at({"TtlDbtNtries", "Sum"}), "", r.debit_sum);
    // camt.05x.001.02 writes TtlNetNtryAmt + CdtDbtInd; later versions TtlNetNtry/Amt + CdtDbtInd.
    if (const auto* net = s.find({"TtlNtries", "TtlNetNtry"}))
        f.amount("TtlNtries/TtlNetNtry", net->text_at({"Amt"}), net->text_at({"CdtDbtInd"}),
                 sub(r.credit_sum, r.debit_sum));
    else
        f.amount("TtlNtries/TtlNetNtryAmt", s.text_at({"TtlNtries", "TtlNetNtryAmt"}),
                 s.text_at({"TtlNtries", "CdtDbtInd"}), sub(r.credit_sum, r.debit_sum));
    return f.out;
}

} // namespace casegraph::ingest::camt
