// The controller's current account as an ISO 20022 camt.053.001.02 file: one statement per month with
// opening and closing booked balances that add up, victims paying in, rent to several landlords (one
// bulk entry with two transactions), advert payments, and a monthly transfer in from the mule.
#include "scenario.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <tuple>

namespace casegraph::demo::detail {

namespace {

struct Tx {
    std::int64_t amount = 0;
    std::string name; // counterparty name (Dbtr for credits, Cdtr for debits)
    std::string iban; // counterparty account, empty for card and cash entries
    std::string bic;
    std::string remittance;
    std::string info; // AddtlTxInf
};

struct Entry {
    Date booked;
    bool credit = false;
    const char* family = "ICDT";
    const char* sub_family = "DMCT";
    std::vector<Tx> txs;
    std::string note; // AddtlNtryInf
    [[nodiscard]] std::int64_t amount() const {
        std::int64_t sum = 0;
        for (const auto& t : txs)
            sum += t.amount;
        return sum;
    }
};

std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The London offset of a local wall-clock time, as "+00:00" or "+01:00".
std::string london_offset(const Date& d, int hh) {
    const std::int64_t utc = utc_ms(d, hh, 0, 0);
    const LocalTime lt = london_local(utc);
    return lt.hh == hh ? "+00:00" : "+01:00";
}

// Days of the month the scenario covers: the first month starts on the 8th.
int first_day(int month_index) {
    return month_index == 0 ? 8 : 1;
}

Date day_in(const Date& month, int lo, int hi, Rng& rng) {
    return Date{month.y, month.m, static_cast<int>(rng.range(lo, hi))};
}

std::vector<Entry> month_entries(const Cast& cast, const Plan& plan, int m, std::uint64_t seed, Rng& rng) {
    const Date start = month_start(m);
    const int last = days_in_month(start.y, start.m);
    const int lo = first_day(m);
    const Date next = month_start(m + 1);
    const std::string next_month = month_name(next.m) + " " + std::to_string(next.y);
    std::vector<Entry> out;

    // Victims pay "room money" three times a month: earnings passed through to the controller.
    static const std::vector<std::string> kRoom{"room money", "for room", "house", "rent room", "money week"};
    const int third = (last - lo + 1) / 3;
    for (std::size_t v = 0; v < cast.victim_accounts.size(); ++v) {
        for (int w = 0; w < 3; ++w) {
            Entry e;
            e.booked = day_in(start, lo + w * third, w == 2 ? last : lo + (w + 1) * third - 1, rng);
            e.credit = true;
            e.family = "RCDT";
            const Account& a = cast.victim_accounts[v];
            e.txs.push_back({rng.range(250, 520) * 100, a.holder, a.iban, a.bic, rng.pick(kRoom), ""});
            out.push_back(std::move(e));
        }
    }
    // Rent for several flats, every month, to several landlords: two single payments and one bulk
    // payment whose two transactions go to two more landlords.
    Entry batch;
    batch.booked = day_in(start, 24, 27, rng);
    batch.note = "BULK PAYMENT 2 ITEMS";
    for (const Landlord& l : cast.landlords) {
        const std::string text =
            l.german ? l.remittance + " " + month_name_de(next.m) + " " + std::to_string(next.y)
                     : l.remittance + " " + next_month;
        Tx tx{l.rent_minor, l.account.holder, l.account.iban, l.account.bic, text, ""};
        if (l.in_batch) {
            batch.txs.push_back(std::move(tx));
            continue;
        }
        Entry e;
        e.booked = day_in(start, 24, 28, rng);
        e.sub_family = l.german ? "XBCT" : "DMCT";
        e.txs.push_back(std::move(tx));
        out.push_back(std::move(e));
    }
    out.push_back(std::move(batch));
    // Adverts on a classified site, twice a month.
    static const std::vector<std::int64_t> kAdverts{2999, 4999, 7900};
    for (int k = 0; k < 2; ++k) {
        Entry e;
        e.booked = day_in(start, k == 0 ? lo : 16, k == 0 ? 15 : last, rng);
        const Account& a = cast.advert_site;
        e.txs.push_back({rng.pick(kAdverts), a.holder, a.iban, a.bic,
                         "NLM AD BOOST 7 DAYS REF " + pad_digits(rng.range(100000, 999999), 6), ""});
        out.push_back(std::move(e));
    }
    Entry atm;
    atm.booked = day_in(start, lo, last, rng);
    atm.family = "CCRD";
    atm.sub_family = "CWDL";
    atm.txs.push_back({rng.range(10, 30) * 1000, "", "", "", "", "CASH WITHDRAWAL ATM LONDON E8"});
    out.push_back(std::move(atm));
    // The mule's monthly transfer, also in the mule's MT940 (same day, same amount).
    const MuleTransfer mt = mule_to_controller(m, seed);
    Entry in;
    in.booked = mt.date;
    in.credit = true;
    in.family = "RCDT";
    in.txs.push_back({mt.amount_minor, cast.mule_account.holder, cast.mule_account.iban,
                      cast.mule_account.bic, "SAVINGS " + mt.reference, ""});
    out.push_back(std::move(in));

    // Scaled runs: everyday card spending and money from friends, roughly balancing each other.
    static const std::vector<std::string> kShops{
        "CORNER MINI MART", "QUICKFUEL E8",    "PIZZA ROMA DALSTON",  "TECHFIX PHONES",
        "HIGH ST PHARMACY", "METRO TAXIS LTD", "SUPERSAVE FOODSTORE", "BLUE LINE TRAVEL"};
    static const std::vector<std::string> kFriends{"thanks", "loan back", "dinner", "for tickets",
                                                   "cheers mate"};
    const std::int64_t extra =
        plan.camt_extra / plan.months + (m < static_cast<int>(plan.camt_extra % plan.months) ? 1 : 0);
    for (std::int64_t k = 0; k < extra; ++k) {
        Entry e;
        e.booked = day_in(start, lo, last, rng);
        if (cast.fillers.empty() || rng.percent(50)) {
            e.family = "CCRD";
            e.sub_family = "POSD";
            e.txs.push_back({rng.range(300, 4700), rng.pick(kShops), "", "", "", "CARD PAYMENT"});
        } else {
            e.credit = true;
            e.family = "RCDT";
            const Account& a = rng.pick(cast.fillers);
            e.txs.push_back({rng.range(300, 4700), a.holder, a.iban, a.bic, rng.pick(kFriends), ""});
        }
        out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.booked.y, a.booked.m, a.booked.d) < std::tie(b.booked.y, b.booked.m, b.booked.d);
    });
    return out;
}

void write_balance(std::ostream& o, const char* code, std::int64_t balance, const Date& d) {
    o << "      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>" << code
      << "</Cd>\n          </CdOrPrtry>\n        </Tp>\n        <Amt Ccy=\"GBP\">"
      << format_minor(balance < 0 ? -balance : balance, '.') << "</Amt>\n        <CdtDbtInd>"
      << (balance < 0 ? "DBIT" : "CRDT") << "</CdtDbtInd>\n        <Dt>\n          <Dt>" << iso_date(d)
      << "</Dt>\n        </Dt>\n      </Bal>\n";
}

void write_party(std::ostream& o, const char* role, const std::string& name, const std::string& iban) {
    if (!name.empty())
        o << "              <" << role << ">\n                <Nm>" << xml_escape(name)
          << "</Nm>\n              </" << role << ">\n";
    if (!iban.empty())
        o << "              <" << role << "Acct>\n                <Id>\n                  <IBAN>" << iban
          << "</IBAN>\n                </Id>\n              </" << role << "Acct>\n";
}

void write_entry(std::ostream& o, const Entry& e, const Account& me, const std::string& ref) {
    const std::int64_t amount = e.amount();
    const char* cd = e.credit ? "CRDT" : "DBIT";
    o << "      <Ntry>\n        <NtryRef>" << ref << "</NtryRef>\n        <Amt Ccy=\"GBP\">"
      << format_minor(amount, '.') << "</Amt>\n        <CdtDbtInd>" << cd
      << "</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt>\n          <Dt>" << iso_date(e.booked)
      << "</Dt>\n        </BookgDt>\n        <ValDt>\n          <Dt>" << iso_date(e.booked)
      << "</Dt>\n        </ValDt>\n        <AcctSvcrRef>NWB" << ref
      << "</AcctSvcrRef>\n        <BkTxCd>\n          <Domn>\n            <Cd>PMNT</Cd>\n            <Fmly>\n"
      << "              <Cd>" << e.family << "</Cd>\n              <SubFmlyCd>" << e.sub_family
      << "</SubFmlyCd>\n            </Fmly>\n          </Domn>\n        </BkTxCd>\n        <NtryDtls>\n";
    if (e.txs.size() > 1)
        o << "          <Btch>\n            <NbOfTxs>" << e.txs.size()
          << "</NbOfTxs>\n            <TtlAmt Ccy=\"GBP\">" << format_minor(amount, '.')
          << "</TtlAmt>\n            <CdtDbtInd>" << cd << "</CdtDbtInd>\n          </Btch>\n";
    for (std::size_t k = 0; k < e.txs.size(); ++k) {
        const Tx& t = e.txs[k];
        o << "          <TxDtls>\n            <Refs>\n              <EndToEndId>"
          << (t.iban.empty() ? std::string("NOTPROVIDED") : "E2E" + ref + "-" + std::to_string(k + 1))
          << "</EndToEndId>\n            </Refs>\n            <AmtDtls>\n              <TxAmt>\n"
          << "                <Amt Ccy=\"GBP\">" << format_minor(t.amount, '.')
          << "</Amt>\n              </TxAmt>\n            </AmtDtls>\n";
        if (!t.name.empty()) {
            // The holder is the creditor of a credit and the debtor of a debit; the other side is the
            // counterparty.
            o << "            <RltdPties>\n";
            if (e.credit) {
                write_party(o, "Dbtr", t.name, t.iban);
                write_party(o, "Cdtr", me.holder, me.iban);
            } else {
                write_party(o, "Dbtr", me.holder, me.iban);
                write_party(o, "Cdtr", t.name, t.iban);
            }
            o << "            </RltdPties>\n";
        }
        if (!t.bic.empty())
            o << "            <RltdAgts>\n              <" << (e.credit ? "DbtrAgt" : "CdtrAgt")
              << ">\n                <FinInstnId>\n                  <BIC>" << t.bic
              << "</BIC>\n                </FinInstnId>\n              </"
              << (e.credit ? "DbtrAgt" : "CdtrAgt") << ">\n            </RltdAgts>\n";
        if (!t.remittance.empty())
            o << "            <RmtInf>\n              <Ustrd>" << xml_escape(t.remittance)
              << "</Ustrd>\n            </RmtInf>\n";
        if (!t.info.empty())
            o << "            <AddtlTxInf>" << xml_escape(t.info) << "</AddtlTxInf>\n";
        o << "          </TxDtls>\n";
    }
    o << "        </NtryDtls>\n";
    if (!e.note.empty())
        o << "        <AddtlNtryInf>" << xml_escape(e.note) << "</AddtlNtryInf>\n";
    o << "      </Ntry>\n";
}

} // namespace

void write_camt053(const std::filesystem::path& file, const Cast& cast, const Plan& plan,
                   std::uint64_t seed) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    const Account& me = cast.controller_account;
    const Date created = month_start(plan.months);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        << "  <BkToCstmrStmt>\n    <GrpHdr>\n      <MsgId>NWB053" << yymmdd(created) << "31447201</MsgId>\n"
        << "      <CreDtTm>" << iso_date(created) << "T06:00:00" << london_offset(created, 6)
        << "</CreDtTm>\n"
        << "    </GrpHdr>\n";

    Rng rng(seed, static_cast<std::uint64_t>(Stream::camt));
    std::int64_t balance = 241317; // opening balance of the first statement
    for (int m = 0; m < plan.months; ++m) {
        const Date start = month_start(m);
        const Date end{start.y, start.m, days_in_month(start.y, start.m)};
        const Date next = month_start(m + 1);
        const std::vector<Entry> entries = month_entries(cast, plan, m, seed, rng);
        std::int64_t credits = 0, debits = 0, n_credit = 0, n_debit = 0;
        for (const auto& e : entries) {
            (e.credit ? credits : debits) += e.amount();
            ++(e.credit ? n_credit : n_debit);
        }
        const std::int64_t net = credits - debits;
        const std::string stmt_id = "31447201-" + pad_digits(start.y, 4) + "-" + pad_digits(start.m, 2);
        out << "    <Stmt>\n      <Id>" << stmt_id << "</Id>\n      <ElctrncSeqNb>" << (m + 1)
            << "</ElctrncSeqNb>\n      <LglSeqNb>" << (m + 1) << "</LglSeqNb>\n      <CreDtTm>"
            << iso_date(next) << "T06:00:00" << london_offset(next, 6)
            << "</CreDtTm>\n      <FrToDt>\n        <FrDtTm>" << iso_date(start) << "T00:00:00"
            << london_offset(start, 0) << "</FrDtTm>\n        <ToDtTm>" << iso_date(end) << "T23:59:59"
            << london_offset(end, 23) << "</ToDtTm>\n      </FrToDt>\n"
            << "      <Acct>\n        <Id>\n          <IBAN>" << me.iban << "</IBAN>\n        </Id>\n"
            << "        <Ccy>GBP</Ccy>\n        <Ownr>\n          <Nm>" << me.holder
            << "</Nm>\n        </Ownr>\n"
            << "        <Svcr>\n          <FinInstnId>\n            <BIC>" << me.bic
            << "</BIC>\n          </FinInstnId>\n        </Svcr>\n      </Acct>\n";
        write_balance(out, "OPBD", balance, start);
        write_balance(out, "CLBD", balance + net, end);
        out << "      <TxsSummry>\n        <TtlNtries>\n          <NbOfNtries>" << entries.size()
            << "</NbOfNtries>\n          <Sum>" << format_minor(credits + debits, '.')
            << "</Sum>\n          <TtlNetNtryAmt>" << format_minor(net < 0 ? -net : net, '.')
            << "</TtlNetNtryAmt>\n          <CdtDbtInd>" << (net < 0 ? "DBIT" : "CRDT")
            << "</CdtDbtInd>\n        </TtlNtries>\n        <TtlCdtNtries>\n          <NbOfNtries>"
            << n_credit << "</NbOfNtries>\n          <Sum>" << format_minor(credits, '.')
            << "</Sum>\n        </TtlCdtNtries>\n        <TtlDbtNtries>\n          <NbOfNtries>" << n_debit
            << "</NbOfNtries>\n          <Sum>" << format_minor(debits, '.')
            << "</Sum>\n        </TtlDbtNtries>\n      </TxsSummry>\n";
        for (std::size_t k = 0; k < entries.size(); ++k)
            write_entry(out, entries[k], me,
                        yymmdd(entries[k].booked) + pad_digits(static_cast<std::int64_t>(k + 1), 6));
        out << "    </Stmt>\n";
        balance += net;
    }
    out << "  </BkToCstmrStmt>\n</Document>\n";
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

} // namespace casegraph::demo::detail
