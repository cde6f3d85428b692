// The money mule's account as a SWIFT MT940 file: one statement per month, many small cash deposits at
// different branches, fast transfers on to Romanian and Bulgarian accounts, and a monthly transfer to
// the controller. :86: uses the German structured sub-fields (?00 posting text, ?20.. purpose,
// ?30 bank, ?31 account, ?32/?33 name). CRLF, lines of at most 65 characters, SWIFT character set.
#include "scenario.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <tuple>

namespace casegraph::demo::detail {

namespace {

enum class Kind { cash, abroad, controller };

struct Line {
    Date date;
    Kind kind = Kind::cash;
    std::int64_t amount = 0; // minor units, always positive; the kind says the direction
    std::string branch;      // cash
    const Account* to = nullptr;
    std::string reference;
};

// :86: text, cut into the 65-character lines the format allows (six at most; ours stay well under).
void write_86(std::ostream& o, const std::string& text) {
    for (std::size_t at = 0; at < text.size(); at += 65)
        o << (at == 0 ? ":86:" : "") << text.substr(at, 65) << "\r\n";
}

// A ?2x purpose sub-field holds 27 characters.
std::string cut27(const std::string& s) {
    return s.size() > 27 ? s.substr(0, 27) : s;
}

std::string name_fields(const std::string& name) {
    std::string out = "?32" + cut27(name);
    if (name.size() > 27)
        out += "?33" + cut27(name.substr(27));
    return out;
}

std::string balance_field(const char* tag, std::int64_t balance, const Date& d) {
    return std::string(tag) + (balance < 0 ? "D" : "C") + yymmdd(d) + "GBP" +
           format_minor(balance < 0 ? -balance : balance, ',') + "\r\n";
}

} // namespace

void write_mt940(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    Rng rng(seed, static_cast<std::uint64_t>(Stream::mt940));
    const Account& mule = cast.mule_account;
    std::int64_t balance = 15240;
    std::int64_t since_last_transfer = 0; // cash paid in since the money last left
    for (int m = 0; m < plan.months; ++m) {
        const Date start = month_start(m);
        const int last = days_in_month(start.y, start.m);
        const int lo = m == 0 ? 8 : 1;
        const std::int64_t extra =
            plan.mt940_extra / plan.months + (m < static_cast<int>(plan.mt940_extra % plan.months) ? 1 : 0);
        std::vector<Line> lines;
        auto cash = [&](int day) {
            Line l;
            l.date = Date{start.y, start.m, day};
            l.kind = Kind::cash;
            // Just under £500 each time, in round fives, at a different branch each time.
            l.amount = rng.range(30, 99) * 500;
            l.branch = rng.pick(cast.branches);
            lines.push_back(std::move(l));
        };
        auto abroad = [&](int day) {
            Line l;
            l.date = Date{start.y, start.m, day};
            l.kind = Kind::abroad;
            l.to = &rng.pick(cast.abroad);
            lines.push_back(std::move(l));
        };
        for (int k = 0; k < 12; ++k)
            cash(static_cast<int>(rng.range(lo, last)));
        // Out again within a day or two of the deposits: three transfers abroad a month.
        for (const int day : {lo + (last - lo) / 3, lo + 2 * (last - lo) / 3, last})
            abroad(day);
        for (std::int64_t k = 0; k < extra; ++k) {
            if (rng.percent(80))
                cash(static_cast<int>(rng.range(lo, last)));
            else
                abroad(static_cast<int>(rng.range(lo, last)));
        }
        const MuleTransfer mt = mule_to_controller(m, seed);
        lines.push_back(
            Line{mt.date, Kind::controller, mt.amount_minor, "", &cast.controller_account, mt.reference});
        // Date order; on one day the cash comes in before the money goes out.
        std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
            return std::tie(a.date.d, a.kind) < std::tie(b.date.d, b.kind);
        });
        // Transfers abroad send on most of what came in since the last one.
        std::int64_t net = 0;
        for (Line& l : lines) {
            if (l.kind == Kind::cash) {
                since_last_transfer += l.amount;
                net += l.amount;
            } else if (l.kind == Kind::abroad) {
                l.amount = std::max<std::int64_t>(5000, since_last_transfer * 90 / 100 / 1000 * 1000);
                since_last_transfer = 0;
                net -= l.amount;
            } else {
                net -= l.amount;
            }
        }

        const Date prev_end = civil_from_days(days_from_civil(start.y, start.m, 1) - 1);
        const Date end{start.y, start.m, last};
        const std::string stmt = pad_digits(m + 1, 5);
        out << ":20:JP" << yymmdd(end) << "STMT" << pad_digits(m + 1, 3) << "\r\n";
        out << ":25:" << mule.iban << "\r\n";
        out << ":28C:" << stmt << "/001\r\n";
        out << balance_field(":60F:", balance, prev_end);
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const Line& l = lines[k];
            const std::string bank_ref = (l.kind == Kind::cash ? "CSH" : "TRF") + yymmdd(l.date) +
                                         pad_digits(static_cast<std::int64_t>(k + 1), 4);
            const bool credit = l.kind == Kind::cash;
            // value date, entry date (MMDD), C/D, amount with decimal comma, type, customer ref, bank ref
            out << ":61:" << yymmdd(l.date) << pad_digits(l.date.m, 2) << pad_digits(l.date.d, 2)
                << (credit ? "C" : "D") << format_minor(l.amount, ',') << (credit ? "NCMI" : "NTRF")
                << (credit ? std::string("NONREF")
                    : l.reference.empty()
                        ? "JP" + yymmdd(l.date) + "R" + pad_digits(static_cast<std::int64_t>(k + 1), 3)
                        : l.reference)
                << "//" << bank_ref << "\r\n";
            if (credit) {
                write_86(out, "082?00CASH DEPOSIT?20CASH PAID IN?21" + cut27(l.branch) + "?22COUNTER CREDIT");
            } else if (l.kind == Kind::abroad) {
                static const std::vector<std::string> kWhy{"FAMILY SUPPORT", "FOR MAMA", "HOUSE BUILD",
                                                           "LOAN", "GIFT"};
                write_86(out, "116?00SEPA CREDIT TRANSFER?20EREF+" + bank_ref + "?21SVWZ+" + rng.pick(kWhy) +
                                  "?30" + l.to->bic + "?31" + l.to->iban + name_fields(l.to->holder));
            } else {
                write_86(out, "116?00FASTER PAYMENT?20" + l.reference + "?21SAVINGS?30" + l.to->bic + "?31" +
                                  l.to->iban + name_fields(l.to->holder));
            }
        }
        balance += net;
        out << balance_field(":62F:", balance, end);
        out << balance_field(":64:", balance, end);
        out << "-\r\n";
    }
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

} // namespace casegraph::demo::detail
