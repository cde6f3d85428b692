// OFX tokenizer: SGML leaves without end tags, XML leaves with them, entities, raw '&', CDATA, charsets,
// broken nesting and line numbers.
#include "ingest/ofx_sgml.hpp"

#include <doctest/doctest.h>

using namespace casegraph::ingest;

TEST_SUITE("ingest") {
    TEST_CASE("ofx sgml: unclosed leaves end at the next tag, aggregates close, values are trimmed") {
        const std::string src = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:1252\r\n\r\n"
                                "<OFX><STMTTRN><TRNTYPE>DEBIT\r\n  <TRNAMT>-15.00<NAME>M&S  \r\n</STMTTRN>"
                                "<STMTTRN><TRNAMT>2</STMTTRN></OFX>";
        const auto d = ofx::parse(src);
        CHECK(d.sgml);
        CHECK(d.version == "102");
        CHECK(d.header.at("CHARSET") == "1252");
        CHECK(d.problems.empty());
        const auto root = d.child(0, "OFX");
        REQUIRE(root);
        const auto trns = d.children(*root, "STMTTRN");
        REQUIRE(trns.size() == 2);
        CHECK(d.text(trns[0], "TRNTYPE") == "DEBIT");
        CHECK(d.text(trns[0], "TRNAMT") == "-15.00");
        CHECK(d.text(trns[0], "NAME") == "M&S"); // raw '&' kept, trailing blanks trimmed
        CHECK(d.text(trns[1], "TRNAMT") == "2");
        CHECK(d.path(trns[1]) == "/OFX[1]/STMTTRN[2]");
        CHECK(d.nodes[trns[0]].line == 6);
        CHECK(d.nodes[d.child(trns[0], "TRNAMT").value()].line == 7);
    }

    TEST_CASE("ofx xml: closed leaves, entities, CDATA, empty elements and processing instructions") {
        const std::string src =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n"
            "<OFX><A><NAME>Tom &amp; Jerry &#x20AC;&#65;</NAME><MEMO><![CDATA[ <x> & y ]]></MEMO>"
            "<EMPTY></EMPTY><SELF/><X>1</X></A><!-- c --></OFX>";
        const auto d = ofx::parse(src);
        CHECK_FALSE(d.sgml);
        CHECK(d.version == "211");
        CHECK(d.header.at("OFXHEADER") == "200");
        CHECK(d.problems.empty());
        const auto a = d.child(d.child(0, "OFX").value(), "A").value();
        CHECK(d.text(a, "NAME") == "Tom & Jerry \xE2\x82\xAC"
                                   "A");
        CHECK(d.text(a, "MEMO") == "<x> & y");
        CHECK(d.text(a, "EMPTY") == "");
        CHECK(d.text(a, "SELF") == "");
        CHECK(d.text(a, "X") == "1");
        CHECK(d.nodes[a].children.size() == 5);
    }

    TEST_CASE(
        "ofx sgml: CHARSET 1252 and ISO-8859-1 bytes become UTF-8; undeclared bad UTF-8 reads as 1252") {
        const std::string body = "<OFX><NAME>SCHR\xD6"
                                 "DER \x80 \x93q\x94</OFX>";
        auto d = ofx::parse("OFXHEADER:100\nCHARSET:1252\n\n" + body);
        CHECK(d.charset == "windows-1252");
        CHECK(d.text(d.child(0, "OFX").value(), "NAME") == "SCHR\xC3\x96"
                                                           "DER \xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D");
        d = ofx::parse("OFXHEADER:100\nCHARSET:ISO-8859-1\n\n" + body);
        CHECK(d.charset == "iso-8859-1");
        CHECK(d.text(d.child(0, "OFX").value(), "NAME") == "SCHR\xC3\x96"
                                                           "DER \xC2\x80 \xC2\x93q\xC2\x94");
        d = ofx::parse("OFXHEADER:100\nENCODING:UTF-8\nCHARSET:NONE\n\n" + body);
        CHECK(d.charset == "windows-1252");
        CHECK(d.problems.size() == 1);
    }

    TEST_CASE("ofx: stray end tags and unclosed aggregates are problems with lines, never a stop") {
        const std::string src = "<OFX>\n<A>\n<B>\n<C>1\n</X>\n</A>\n<D>2\n";
        const auto d = ofx::parse(src);
        REQUIRE(d.problems.size() == 3);
        CHECK(d.problems[0].line == 5); // </X> without start
        CHECK(d.problems[0].message.find("</X>") != std::string::npos);
        CHECK(d.problems[1].line == 3); // <B> closed by </A>
        CHECK(d.problems[2].message.find("<OFX> is never closed") != std::string::npos);
        const auto ofx = d.child(0, "OFX").value();
        CHECK(d.text(ofx, "D") == "2");
        const auto b = d.child(d.child(ofx, "A").value(), "B").value();
        CHECK(d.text(b, "C") == "1");
    }

    TEST_CASE("ofx: detection accepts both headers and a bare <OFX>, and nothing else") {
        CHECK(ofx::looks_like_ofx("\xEF\xBB\xBF\r\nOFXHEADER:100\r\n"));
        CHECK(ofx::looks_like_ofx("<?OFX OFXHEADER=\"200\"?>"));
        CHECK(ofx::looks_like_ofx("<?xml version=\"1.0\"?>\n<OFX>"));
        CHECK_FALSE(ofx::looks_like_ofx("Date;Amount\n01.01.2024;1,00\n"));
        CHECK_FALSE(ofx::looks_like_ofx("<html><body>OFX</body></html>"));
    }
    TEST_CASE("ofx: absurd nesting is capped (reported once) and stray '<' stays text") {
        std::string src = "<OFX>";
        for (int i = 0; i < 1000; ++i)
            src += "<A>\n";
        src += "<B>1</OFX>";
        const auto d = ofx::parse(src);
        int depth_problems = 0;
        for (const auto& p : d.problems)
            depth_problems += p.message.find("nested deeper") != std::string::npos ? 1 : 0;
        CHECK(depth_problems == 1);
        const auto t = ofx::parse("<OFX><NAME>a < b<MEMO>c</OFX>");
        CHECK(t.text(t.child(0, "OFX").value(), "NAME") == "a < b");
        CHECK(t.text(t.child(0, "OFX").value(), "MEMO") == "c");
    }
}
