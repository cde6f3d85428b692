// json_od::Scanner (ingest/json_scan.hpp): the element boundaries telegram-json parses one by one, strings
// with escaped quotes and brackets inside, and the two ways a walk fails (truncated / malformed). Parsing
// the elements is tested through telegram-json (test_telegram_json*.cpp): simdjson is private to cg_ingest
// and its parser's layout depends on cg_ingest's compile definitions, so tests never hold one.
#include "ingest/json_scan.hpp"
#include "ingest/json_values.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace casegraph::ingest::json_od;

namespace json_scan_test {

// The elements of the array under "messages" in `text`, as the scanner cuts them.
std::vector<std::string> elements(const std::string& text) {
    Scanner s(text);
    std::vector<std::string> out;
    s.begin_object();
    std::string key;
    while (s.next_key(key)) {
        if (key != "messages") {
            s.value();
            continue;
        }
        s.begin_array();
        while (s.next_element())
            out.emplace_back(s.value());
    }
    return out;
}

simdjson::error_code error_of(const std::string& text) {
    try {
        elements(text);
    } catch (const JsonError& e) {
        return e.code();
    }
    return simdjson::SUCCESS;
}

} // namespace json_scan_test
using namespace json_scan_test;

TEST_SUITE("ingest") {
    TEST_CASE("json scanner: cuts the elements of an array, whatever their strings hold") {
        const std::string text = R"({"name": "a \"}\" b", "x": {"y": [1, {"z": "]"}]},
            "messages": [ {"text": "he said \"[{\" and left\\", "n": [1, 2]} , "s",12.5e3,
            true, null, [ ], {}]})";
        const auto el = elements(text);
        REQUIRE(el.size() == 7);
        CHECK(el[0] == R"({"text": "he said \"[{\" and left\\", "n": [1, 2]})");
        CHECK(el[1] == R"("s")");
        CHECK(el[2] == "12.5e3");
        CHECK(el[3] == "true");
        CHECK(el[4] == "null");
        CHECK(el[5] == "[ ]");
        CHECK(el[6] == "{}");
        CHECK(elements(R"({"messages": []})").empty());
    }

    TEST_CASE("json scanner: a text cut short is truncated, a missing or extra comma is malformed") {
        CHECK(error_of(R"({"messages": [{"a": 1}, {"b": "cut her)") == simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
        CHECK(error_of(R"({"messages": [{"a": 1}, {"b": [1, 2)") == simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
        CHECK(error_of(R"({"messages": [{"a": 1})") == simdjson::INCOMPLETE_ARRAY_OR_OBJECT);
        CHECK(error_of(R"({"messages": [{"a": 1} {"b": 2}]})") == simdjson::TAPE_ERROR);
        CHECK(error_of(R"({"messages": [{"a": 1},]})") == simdjson::TAPE_ERROR);
        CHECK(error_of(R"({"a" 1})") == simdjson::TAPE_ERROR);
        CHECK(error_of(R"({"a": 1,})") == simdjson::TAPE_ERROR);
        CHECK(error_of(R"({"messages": [{"a": 1}]})") == simdjson::SUCCESS);
    }
}
