// MT940 field parsers and the line splitter, without a case: every :61: sub-field, balances, the
// :86: schemes, framing, preambles and the amount/IBAN helpers they rely on.
#include "ingest/bank_common.hpp"
#include "ingest/mt940_fields.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::ingest;

namespace {

std::vector<mt940::Item> split(const std::string& text, mt940::Splitter& sp) {
    std::vector<mt940::Item> out;
    int no = 0;
    std::size_t p = 0;
    while (p <= text.size()) {
        const auto nl = text.find('\n', p);
        const std::string line = text.substr(p, nl == std::string::npos ? std::string::npos : nl - p);
        if (nl == std::string::npos && line.empty())
            break;
        sp.feed(line, ++no, out);
        if (nl == std::string::npos)
            break;
        p = nl + 1;
    }
    sp.finish(out);
    return out;
}

std::string date(const store::Civil& c) {
    return store::format_date(c);
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("mt940 :61: every sub-field in order") {
        auto l = mt940::parse_61("0709040904CR300,NTRFTFNr 40005 MSGID//0724710345313905");
        CHECK(date(l.value_date) == "2007-09-04");
        CHECK(date(*l.entry_date) == "2007-09-04");
        CHECK(l.mark == "C");
        CHECK(l.funds_code == "R");
        CHECK(l.amount == "300,");
        CHECK(l.type == "NTRF");
        CHECK(l.customer_ref == "TFNr 40005 MSGID");
        CHECK(l.bank_ref == "0724710345313905");
        CHECK(l.credit());

        l = mt940::parse_61("130403D000000000127,50N102EREF\nNL96RBOS0523149468");
        CHECK_FALSE(l.entry_date.has_value());
        CHECK(l.mark == "D");
        CHECK(l.funds_code.empty());
        CHECK(l.amount == "000000000127,50");
        CHECK(l.type == "N102");
        CHECK(l.customer_ref == "EREF");
        CHECK(l.details == "NL96RBOS0523149468");
        CHECK_FALSE(l.credit());
    }

    TEST_CASE("mt940 :61: reversal marks: RC is a debit, RD a credit") {
        const auto rc = mt940::parse_61("0709040904RCR204,88NRTINONREF");
        CHECK(rc.mark == "RC");
        CHECK(rc.funds_code == "R");
        CHECK(rc.reversal());
        CHECK_FALSE(rc.credit());
        const auto rd = mt940::parse_61("070904RD5,00NMSCNONREF");
        CHECK(rd.mark == "RD");
        CHECK(rd.credit());
    }

    TEST_CASE("mt940 :61: entry date across New Year takes the neighbouring year") {
        CHECK(date(*mt940::parse_61("2401021231D10,00NTRFNONREF").entry_date) == "2023-12-31");
        CHECK(date(*mt940::parse_61("2312310102C5,00NMSCNONREF").entry_date) == "2024-01-02");
        CHECK(date(*mt940::parse_61("2406150614C5,00NMSCNONREF").entry_date) == "2024-06-14");
        // 29 February only exists in the leap year next to the value date.
        CHECK(date(*mt940::parse_61("2403010229C5,00NMSCNONREF").entry_date) == "2024-02-29");
    }

    TEST_CASE("mt940 :61: malformed lines say what is wrong") {
        CHECK_THROWS_WITH((void)mt940::parse_61("24010XC5,00NTRF"), doctest::Contains("YYMMDD"));
        CHECK_THROWS_WITH((void)mt940::parse_61("240231C5,00NTRF"), doctest::Contains("not a calendar date"));
        CHECK_THROWS_WITH((void)mt940::parse_61("240101X5,00NTRF"), doctest::Contains("debit/credit mark"));
        CHECK_THROWS_WITH((void)mt940::parse_61("240101C500NTRFREF"), doctest::Contains("decimal comma"));
        CHECK_THROWS_WITH((void)mt940::parse_61("240101C5,00"), doctest::Contains("transaction type"));
        CHECK_THROWS_WITH((void)mt940::parse_61("24011"), doctest::Contains("too short"));
    }

    TEST_CASE("mt940 balances: mark, date, currency and minor units") {
        auto b = mt940::parse_balance("C110522EUR3236,28");
        CHECK(b.minor == 323628);
        CHECK(b.currency == "EUR");
        CHECK(date(b.date) == "2011-05-22");
        CHECK(mt940::parse_balance("D070903EUR1234718,36").minor == -123471836);
        CHECK(mt940::parse_balance("C130402EUR000000001147,95").minor == 114795);
        CHECK(mt940::parse_balance("C240101JPY1500,").minor == 1500);
        CHECK(mt940::parse_balance("C240101KWD12,345").minor == 12345);
        CHECK_THROWS_WITH((void)mt940::parse_balance("C240101JPY1500,5"), doctest::Contains("more decimals"));
        CHECK_THROWS((void)mt940::parse_balance("C241301EUR1,00"));
        CHECK_THROWS((void)mt940::parse_balance("X240101EUR1,00"));
        CHECK_THROWS((void)mt940::parse_balance("C2401011,00"));
    }

    TEST_CASE("amounts become integer minor units from the text, never through floating point") {
        CHECK(bank::parse_amount("0,01", 2, ',').minor == 1);
        CHECK(bank::parse_amount("1234567,89", 2, ',').minor == 123456789);
        CHECK(bank::parse_amount("8.85", 2, '.').minor == 885);
        CHECK(bank::parse_amount("3.1", 2, '.').minor == 310);
        CHECK(bank::parse_amount("200000", 2, '.').minor == 20000000);
        CHECK(bank::parse_amount("8.850", 2, '.').minor == 885);
        CHECK_FALSE(bank::parse_amount("8.855", 2, '.').minor.has_value());
        CHECK_FALSE(bank::parse_amount("1.234,56", 2, ',').minor.has_value());
        CHECK_FALSE(bank::parse_amount("-5,00", 2, ',').minor.has_value());
        CHECK_FALSE(bank::parse_amount("99999999999999999999,00", 2, ',').minor.has_value());
        // 0.1 + 0.2 is not 0.3 in binary floating point; in minor units it is.
        CHECK(*bank::parse_amount("0,10", 2, ',').minor + *bank::parse_amount("0,20", 2, ',').minor ==
              *bank::parse_amount("0,30", 2, ',').minor);
        CHECK(bank::minor_digits("JPY") == 0);
        CHECK(bank::minor_digits("BHD") == 3);
        CHECK(bank::minor_digits("KWD") == 3);
        CHECK(bank::minor_digits("EUR") == 2);
        CHECK(bank::format_minor(-2700, 2) == "-27.00");
        CHECK(bank::format_minor(5, 2) == "0.05");
        CHECK(bank::format_minor(1500, 0) == "1500");
    }

    TEST_CASE("mt940 :86: German ?NN subfields with SEPA keywords split across subfields and lines") {
        // The Deutsche Bank sample's second :86:, as in the file.
        const auto i = mt940::parse_86("171?00SEPA-LASTSCHRIFT EINR.?685665/987?20EREF+D979899680037A3DFA\n"
                                       "78E4?2A5315095381?22KREF+43478?23SVWZ+7458.6345.6353 SEPA-DI?24R\n"
                                       "ECT-DEBIT-DT.-BANK-1 HALLO?25WELT.IHRE REFERENZ: 766413?30GENODEM\n"
                                       "1MSS?31DE04400694620000233025?32PETER TESTER");
        CHECK(i.scheme == "german");
        CHECK(i.gvc == "171");
        CHECK(i.posting_text == "SEPA-LASTSCHRIFT EINR.");
        CHECK(i.counter_name == "PETER TESTER");
        CHECK(i.counter_account == "DE04400694620000233025");
        CHECK(i.counter_bank == "GENODEM1MSS");
        CHECK(i.refs.at("KREF") == "43478");
        CHECK(i.refs.at("SVWZ") ==
              "7458.6345.6353 SEPA-DIRECT-DEBIT-DT.-BANK-1 HALLOWELT.IHRE REFERENZ: 766413");
        CHECK(i.purpose == i.refs.at("SVWZ"));
        // A name split across ?32/?33 mid-word is joined without a space.
        const auto n = mt940::parse_86("166?00GUTSCHRIFT?20SVWZ+Miete?32Richter Renate 70 Zeichen B?33eginn");
        CHECK(n.counter_name == "Richter Renate 70 Zeichen Beginn");
        // A short ?32 is one the bank ended at a word: a space before ?33 (it was "MAXMUSTERMANN").
        CHECK(mt940::parse_86("166?00GUTSCHRIFT?20SVWZ+Miete?32MAX?33MUSTERMANN").counter_name ==
              "MAX MUSTERMANN");
        // Ultimate parties travel as ABWA+ / ABWE+.
        const auto u = mt940::parse_86("166?00GUTSCHRIFT?20EREF+X1?21ABWA+Studio Fuenf?22SVWZ+Zimmer 3");
        CHECK(u.refs.at("ABWA") == "Studio Fuenf");
        CHECK(u.purpose == "Zimmer 3");
    }

    TEST_CASE(
        "mt940 :86: ?20-?29 pieces join with a space unless the piece before filled its 27 characters") {
        // Short pieces: the bank ended each at a word ("CASH PAID IN" is 12 characters).
        const auto s = mt940::parse_86("999?00CASH?20CASH PAID IN?21CROYDON NORTH END?22COUNTER CREDIT");
        CHECK(s.purpose == "CASH PAID IN CROYDON NORTH END COUNTER CREDIT");
        // Full width (27): cut mid-word, continued in the next subfield without the keyword.
        const auto f = mt940::parse_86("166?00GUTSCHRIFT?20EREF+R-2024-17?21SVWZ+Miete Wohnung Hauptstr"
                                       "?22asse 5 Januar?32MAX MUSTERMANN");
        CHECK(std::string("SVWZ+Miete Wohnung Hauptstr").size() == 27);
        CHECK(f.refs.at("SVWZ") == "Miete Wohnung Hauptstrasse 5 Januar");
        CHECK(f.purpose == "Miete Wohnung Hauptstrasse 5 Januar");
        CHECK(f.refs.at("EREF") == "R-2024-17");
        // Both in one text, without keywords: the width is counted in characters, not bytes ("Ü").
        const auto u =
            mt940::parse_86("166?00GUTSCHRIFT?20Überweisung Mietzahlung Feb?21ruar?22Zimmer 3?23Hinterhaus");
        CHECK(u.purpose == "Überweisung Mietzahlung Februar Zimmer 3 Hinterhaus");
        // A keyword's value that continues after a short piece keeps the word break.
        const auto k = mt940::parse_86("177?00SEPA?20SVWZ+Rechnung 4711?21vom 01.02.2024");
        CHECK(k.refs.at("SVWZ") == "Rechnung 4711 vom 01.02.2024");
    }

    TEST_CASE("mt940 :86: the same structure with '>' as separator") {
        const auto i =
            mt940::parse_86("166>00GUTSCHRIFT>20EREF+ABC123>21SVWZ+Miete Januar Zimmer 2>30COBADEFFXXX>31"
                            "DE89370400440532013000>32MAX MUSTERMANN");
        CHECK(i.scheme == "german");
        CHECK(i.counter_name == "MAX MUSTERMANN");
        CHECK(i.counter_account == "DE89370400440532013000");
        CHECK(i.counter_bank == "COBADEFFXXX");
        CHECK(i.refs.at("EREF") == "ABC123");
        CHECK(i.purpose == "Miete Januar Zimmer 2");
    }

    TEST_CASE("mt940 :86: Dutch /TAG/ forms: NVB, Rabobank BENM//NAME and ING CNTP") {
        auto d =
            mt940::parse_86("/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J. JANSEN/REMI/"
                            "Huur januari kamer 3/EREF/NOTPROVIDED");
        CHECK(d.scheme == "dutch");
        CHECK(d.counter_account == "NL91ABNA0417164300");
        CHECK(d.counter_bank == "ABNANL2A");
        CHECK(d.counter_name == "J. JANSEN");
        CHECK(d.purpose == "Huur januari kamer 3");
        CHECK(d.refs.at("TRTP") == "SEPA OVERBOEKING");
        CHECK(d.refs.at("EREF") == "NOTPROVIDED");
        // Rabobank sample: a name wrapped mid-word across lines.
        d = mt940::parse_86("/EREF/02-04-2013 22:56 1120000153447185/BENM//NAME/Nespresso Nede\nrland "
                            "B.V./REMI/674725433 1120000153447185 14144467636004962\n/ISDT/2013-04-03");
        CHECK(d.counter_name == "Nespresso Nederland B.V.");
        CHECK(d.purpose == "674725433 1120000153447185 14144467636004962");
        CHECK(d.refs.at("ISDT") == "2013-04-03");
        d = mt940::parse_86("/CNTP/NL91ABNA0417164300/ABNANL2A/J Jansen/Amsterdam/REMI/USTD//Kamer 4 maart/");
        CHECK(d.counter_account == "NL91ABNA0417164300");
        CHECK(d.counter_bank == "ABNANL2A");
        CHECK(d.counter_name == "J Jansen");
        CHECK(d.purpose == "Kamer 4 maart");
    }

    TEST_CASE("mt940 :86: free text is kept and scanned for IBANs") {
        auto f =
            mt940::parse_86("GIRO   428428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659\n5314606715");
        CHECK(f.scheme == "free");
        CHECK(f.purpose == "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715");
        CHECK(f.counter_account.empty());
        f = mt940::parse_86("Overboeking naar NL91 ABNA 0417 1643 00 huur kamer");
        CHECK(f.ibans == std::vector<std::string>{"NL91ABNA0417164300"});
        CHECK(f.counter_account == "NL91ABNA0417164300");
        f = mt940::parse_86("NL47INGB9999999999 hr gjlm paulissen\nBetaling sieraden     ");
        CHECK(f.counter_account == "NL47INGB9999999999");
        CHECK(f.counter_name == "hr gjlm paulissen");
        CHECK(f.purpose == "NL47INGB9999999999 hr gjlm paulissen Betaling sieraden");
    }

    TEST_CASE("mt940 splitter: SWIFT blocks, preambles, CRLF, control bytes and statement ends") {
        mt940::Splitter sp;
        const auto items =
            split("\x01{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:\r\n:20:A1\r\n"
                  ":25:NL81ASNB9999999999\r\n:28C:1/1\r\n:60F:C200101EUR444,29\r\n"
                  ":61:2001010101D65,00NOVBNL47INGB9999999999\r\nhr gjlm\r\n:86:line one\r\nline two\r\n"
                  ":62F:C200101EUR379,29\r\n-}{5:}\x03\r\nABNANL2A\r\n940\r\nABNANL2A\r\n:20:B2\r\n"
                  ":25:517852257\r\n:60F:C110522EUR1,00\r\n:62F:C110522EUR1,00\r\n-\r\n",
                  sp);
        std::vector<std::string> seen;
        for (const auto& i : items)
            seen.push_back(i.kind == mt940::Item::Kind::field ? std::to_string(i.statement) + ":" + i.tag
                           : i.kind == mt940::Item::Kind::statement_end ? std::to_string(i.statement) + ":end"
                                                                        : "problem");
        CHECK(seen == std::vector<std::string>{"1:20", "1:25", "1:28C", "1:60F", "1:61", "1:86", "1:62F",
                                               "1:end", "2:20", "2:25", "2:60F", "2:62F", "2:end"});
        CHECK(items[4].value == "2001010101D65,00NOVBNL47INGB9999999999\nhr gjlm");
        CHECK(items[4].line == 6);
        CHECK(items[5].value == "line one\nline two");
        CHECK(sp.control_bytes() == 2);
        CHECK(sp.preamble_lines() == 3);
        CHECK(sp.preamble_bic() == "ABNANL2A");
        CHECK(sp.statements() == 2);
    }

    TEST_CASE("mt940 splitter: a stray line where only a tag may stand is an error, and the text goes on") {
        mt940::Splitter sp;
        const auto items = split(":20:X\n:25:NL91ABNA0417164300\n:60F:C240101EUR1,00\n#### garbage ####\n"
                                 ":61:240102C1,00NTRFNONREF\ndetails\nsecond line\n:62F:C240102EUR2,00\n",
                                 sp);
        int problems = 0;
        for (const auto& i : items)
            if (i.kind == mt940::Item::Kind::problem) {
                ++problems;
                CHECK(i.error);
                CHECK((i.line == 4 || i.line == 7));
            }
        CHECK(problems == 2);
        CHECK(items.back().kind == mt940::Item::Kind::statement_end);
        // Rabobank's ":940:" first line is not a tag.
        mt940::Splitter r;
        (void)split(":940:\n:20:940S130403\n:25:NL50RABO0123456789\n", r);
        CHECK(r.preamble_lines() == 1);
    }

    TEST_CASE("IBANs are found in text, printed or electronic, only when their check digits agree") {
        CHECK(bank::find_ibans("pay GB82 WEST 1234 5698 7654 32 now") ==
              std::vector<std::string>{"GB82WEST12345698765432"});
        CHECK(bank::find_ibans("NL91ABNA0417164300,DE89370400440532013000") ==
              std::vector<std::string>{"NL91ABNA0417164300", "DE89370400440532013000"});
        CHECK(bank::find_ibans("NL91ABNA0417164301").empty()); // check digits off by one
        CHECK(bank::iban_shaped("NL47 INGB 9999 9999 99"));
        CHECK_FALSE(bank::iban_shaped("517852257"));
        CHECK(bank::party_kind("Nespresso Nederland B.V.") == "organisation");
        CHECK(bank::party_kind("UNIFITS GmbH") == "organisation");
        CHECK(bank::party_kind("PETRA TESTER") == "person");
    }
}
