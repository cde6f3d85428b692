// bank-csv reads its file in passes of 1 MiB chunks, never whole: records and UTF-8 sequences cut by a chunk
// boundary, and layout decisions (encoding, date order, decimal separator, footer) that only rows far past
// the first chunk can make.
#include "bank_test_util.hpp"
#include "ingest/csv_reader.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::bank;
using test::TempDir;

namespace {

std::string run_note(const store::CaseFile& cf, const std::string& key) {
    return cf.db()
        .scalar_text("SELECT json_extract(notes, '$." + key + "') FROM import_run ORDER BY id DESC LIMIT 1")
        .value_or("");
}

// Physical lines of `text` before offset `at`, plus one: the file line where a record starting there is.
std::size_t line_at(const std::string& text, std::size_t at) {
    return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("csv record reader: text cut into chunks of any size reads as the whole text does") {
        const std::string text = "a;\"b\r\nc\";\"say \"\"hi\"\"\"\r\n1;2\r3\n\"open;x\ny;\"\"z\"\"\";end\r\n"
                                 "\"a \"b\" c\";last";
        const auto whole = ingest::csv::read(text, ';');
        REQUIRE(whole.size() == 5);
        for (std::size_t n = 1; n <= 7; ++n) {
            std::size_t at = 0;
            ingest::csv::RecordReader reader(
                [&] {
                    const auto s = text.substr(at, n);
                    at += s.size();
                    return s;
                },
                ';');
            std::vector<ingest::csv::Row> rows;
            for (ingest::csv::Row r; reader.next(r);)
                rows.push_back(r);
            REQUIRE(rows.size() == whole.size());
            for (std::size_t i = 0; i < rows.size(); ++i) {
                CHECK(rows[i].fields == whole[i].fields);
                CHECK(rows[i].line == whole[i].line);
                CHECK(rows[i].end_line == whole[i].end_line);
                CHECK(rows[i].stray_quote == whole[i].stray_quote);
            }
        }
        CHECK(whole[0].fields[1] == "b\r\nc");
        CHECK(whole[1].line == 3);
        CHECK(whole[2].fields[0] == "3");
    }

    TEST_CASE("csv file encoding: a UTF-8 sequence cut by the 1 MiB chunk boundary; a late C1 byte") {
        TempDir d;
        std::string text(static_cast<std::size_t>(1 << 20) - 1, 'x');
        text += "\xC3\xA9 end\n"; // é: its first byte ends the first chunk
        CHECK(ingest::csv::file_encoding(fixture(d, "u.csv", text)) == "utf-8");
        CHECK(ingest::csv::file_encoding(fixture(d, "b.csv", "\xEF\xBB\xBF" + text)) == "utf-8-bom");
        // Invalid UTF-8 only in the second chunk, a 0x80 byte only there too: the whole file decides.
        CHECK(ingest::csv::file_encoding(fixture(d, "w.csv", text + "Caf\xE9 \x80\n")) == "windows-1252");
        CHECK(ingest::csv::file_encoding(fixture(d, "l.csv", text + "Caf\xE9\n")) == "iso-8859-1");
        CHECK(ingest::csv::file_encoding(fixture(d, "f.csv", text), "windows-1252") == "windows-1252");
    }

    TEST_CASE(
        "bank-csv over 2 MiB: the last rows decide encoding, date order and decimal; multi-line cells") {
        TempDir d;
        std::string src = "Date;Description;Amount\n";
        src += "03/04/2024;Caf\xE9;7\n"; // ambiguous date, Latin-1 é, no decimal separator
        const std::string pad(150, 'p');
        for (int i = 0; src.size() < (5u << 19); ++i) // 2.5 MiB: three chunks
            src += "0" + std::to_string(1 + i % 9) + "/0" + std::to_string(1 + (i / 9) % 9) + "/2024;\"row " +
                   std::to_string(i) + "\n" + pad + "\";7\n";
        const auto last_at = src.size();
        src += "25/03/2024;Late \x80 sign;12,50\n"; // the only day > 12, the only decimal, the only C1 byte
        src += "Total;;\n";
        // The expected figures come from the text: rows that start with a date are the transactions.
        const std::regex dated("^\\d\\d/\\d\\d/\\d{4};");
        long long rows = 0;
        for (std::size_t p = 0; p < src.size();) {
            const auto nl = src.find('\n', p);
            rows += std::regex_search(src.substr(p, nl - p), dated) ? 1 : 0;
            p = nl + 1;
        }
        const auto file = fixture(d, "big.csv", src);
        auto r = ingest_one(file);
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "bank-csv");
        CHECK(run_note(r.cf, "encoding") == "windows-1252");
        CHECK(run_note(r.cf, "decimal") == ",");
        CHECK(run_note(r.cf, "date_order") == "dmy");
        CHECK_FALSE(any_contains(diagnostics(r.cf, "warning"), "date order is ambiguous"));
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == rows);
        const auto first = event_at(r.cf, "line:2");
        REQUIRE(first);
        CHECK(first->date == "2024-04-03");
        CHECK(first->body == "Caf\xC3\xA9");
        CHECK(first->amount == 700);
        const auto second = event_at(r.cf, "line:3");
        REQUIRE(second);
        CHECK(second->body == "row 0\n" + pad);
        const auto last_line = line_at(src, last_at);
        const auto last = event_at(r.cf, "line:" + std::to_string(last_line));
        REQUIRE(last);
        CHECK(last->date == "2024-03-25");
        CHECK(last->amount == 1250);
        CHECK(last->body == "Late \xE2\x82\xAC sign");
        CHECK(any_contains(diagnostics(r.cf, "warning"),
                           "line:" + std::to_string(last_line + 1) + " footer line, not a transaction"));
    }
}
