// vCard line layer: unfolding, property parsing and value decoding, on lines built in the test.
#include "ingest/vcard_lines.hpp"

#include <doctest/doctest.h>

using namespace casegraph::ingest;

TEST_SUITE("ingest") {
    TEST_CASE("vcard unfold joins folds and quoted-printable soft breaks and numbers lines from 1") {
        const auto l = vcard::unfold("A:1\r\nNOTE:ab\r\n c\n\td\rN;ENCODING=QUOTED-PRINTABLE:x=\r\n=41=\n"
                                     "y\r\nTAIL:z=\r\nnext:1");
        REQUIRE(l.size() == 5);
        CHECK(l[0].text == "A:1");
        CHECK(l[1].text == "NOTE:abcd");
        CHECK(l[1].line == 2);
        CHECK(l[2].text == "N;ENCODING=QUOTED-PRINTABLE:x=41y"); // two soft breaks, '=' removed
        CHECK(l[2].line == 5);
        CHECK(l[3].text == "TAIL:z="); // not quoted-printable: '=' at the end is data
        CHECK(l[4].text == "next:1");
        CHECK(l[4].line == 9);
    }

    TEST_CASE("vcard Unfolder hands out one logical line at a time and says how far it has read") {
        const std::string_view text = "A:1\r\n\r\nB:2\n c\n";
        vcard::Unfolder u(text);
        vcard::LogicalLine l;
        REQUIRE(u.next(l));
        CHECK(l.text == "A:1");
        CHECK(u.consumed() == 7); // the empty line after it was read to know "A:1" was complete
        REQUIRE(u.next(l));
        CHECK(l.text.empty());
        CHECK(l.line == 2);
        REQUIRE(u.next(l));
        CHECK(l.text == "B:2c");
        CHECK(l.line == 3);
        CHECK(u.consumed() >= text.size());
        CHECK_FALSE(u.next(l));
    }

    TEST_CASE("vcard parse_property reads groups, 2.1 bare parameters, lists and quoted values") {
        const auto p = vcard::parse_property({"item1.tel;CELL;pref;TYPE=\"home,fax\";X-A=\"a:b\":+1 555", 7});
        REQUIRE(p);
        CHECK(p->group == "item1");
        CHECK(p->name == "TEL");
        CHECK(p->value == "+1 555");
        CHECK(p->line == 7);
        CHECK(p->has_type("cell"));
        CHECK(p->has_type("PREF"));
        CHECK(p->has_type("home"));
        CHECK(p->has_type("FAX"));
        CHECK(p->param("X-A").value() == "a:b");
        const auto q = vcard::parse_property({"PHOTO;ENCODING=BASE64;JPEG:/9j/", 1});
        REQUIRE(q);
        CHECK(q->param("ENCODING").value() == "BASE64");
        CHECK(q->has_type("JPEG"));
        CHECK_FALSE(vcard::parse_property({"no colon here", 1}));
        CHECK_FALSE(vcard::parse_property({":value without a name", 1}));
    }

    TEST_CASE("vcard values: quoted-printable, charsets, escapes and structured splits") {
        CHECK(vcard::decode_quoted_printable("=C3=91=20x=ZZ=4") == "\xC3\x91 x=ZZ=4");
        vcard::Property p;
        p.value = "caf=E9";
        p.params = {{"ENCODING", "QUOTED-PRINTABLE"}, {"CHARSET", "ISO-8859-1"}};
        auto d = vcard::decode_value(p);
        CHECK(d.text == "caf\xC3\xA9");
        CHECK(d.assumption.empty());
        p.params = {{"ENCODING", "QUOTED-PRINTABLE"}};
        d = vcard::decode_value(p);
        CHECK(d.text == "caf\xC3\xA9"); // not UTF-8, no charset: latin-1, said so
        CHECK_FALSE(d.assumption.empty());
        CHECK(vcard::split_components("Doe;John;Richter\\, James;;", ';') ==
              std::vector<std::string>{"Doe", "John", "Richter, James", "", ""});
        CHECK(vcard::split_components("a\\;b;c\\n\\\\", ';') == std::vector<std::string>{"a;b", "c\n\\"});
        CHECK(vcard::split_components("trailing\\", ';') ==
              std::vector<std::string>{"trailing\\"}); // kept as found
        CHECK(vcard::unescape("http\\://x") == "http://x");
        CHECK(vcard::valid_utf8("\xC3\x91"));
        CHECK_FALSE(vcard::valid_utf8("\xC3"));
        CHECK_FALSE(vcard::valid_utf8("\xC0\x80"));     // overlong
        CHECK_FALSE(vcard::valid_utf8("\xED\xA0\x80")); // surrogate
    }
}
