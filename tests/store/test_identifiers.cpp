// Identifier normalisation: phones across many national number plans, IBAN/BIC checks, emails,
// WhatsApp JIDs and what a user types on the command line. Expected values come from the published
// number plans and libphonenumber's example numbers, never from our own output.
#include "store/identifiers.hpp"
#include "store/time.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace casegraph;
using store::IdStatus;

namespace {

struct PhoneCase {
    std::string_view raw;
    std::string_view region;
    std::string_view e164; // expected value; for raw cases the trimmed input
    IdStatus status;
};

void check_phone(const PhoneCase& c) {
    CAPTURE(c.raw);
    CAPTURE(c.region);
    const auto id = store::normalize_phone(c.raw, c.region);
    CHECK(id.type == "phone");
    CHECK(id.entity_kind == "phone");
    CHECK(id.value == c.e164);
    CHECK(store::to_string(id.status) == store::to_string(c.status));
    CHECK(id.mergeable() == (c.status == IdStatus::valid || c.status == IdStatus::possible));
}

} // namespace

TEST_SUITE("store") {
    TEST_CASE("national numbers normalise to E.164 with the device's region") {
        // Numbers are libphonenumber's documented example numbers or well-known public lines; every
        // one is an assigned range, so each must come out valid.
        const std::vector<PhoneCase> cases{
            // GB: trunk 0; mobiles 07x, London 020, Birmingham 0121.
            {"07400 123456", "GB", "+447400123456", IdStatus::valid},
            {"020 7930 4832", "GB", "+442079304832", IdStatus::valid},
            {"(020) 7930-4832", "GB", "+442079304832", IdStatus::valid},
            {"020.7930.4832", "GB", "+442079304832", IdStatus::valid},
            {"0121 234 5678", "GB", "+441212345678", IdStatus::valid},
            // US: NANP, trunk 1, ten digits.
            {"(202) 456-1111", "US", "+12024561111", IdStatus::valid},
            {"1-202-456-1111", "US", "+12024561111", IdStatus::valid},
            {"202.456.1111", "US", "+12024561111", IdStatus::valid},
            {"201-555-0123", "US", "+12015550123", IdStatus::valid},
            // DE: trunk 0, mobiles 015x-017x, Berlin 030.
            {"0151 23456789", "DE", "+4915123456789", IdStatus::valid},
            {"030 123456", "DE", "+4930123456", IdStatus::valid},
            // FR: trunk 0, nine digits after it.
            {"06 12 34 56 78", "FR", "+33612345678", IdStatus::valid},
            {"01 23 45 67 89", "FR", "+33123456789", IdStatus::valid},
            // NL
            {"06-12345678", "NL", "+31612345678", IdStatus::valid},
            // RO: mobiles 07xx, Bucharest 021.
            {"0712 034 567", "RO", "+40712034567", IdStatus::valid},
            {"021 123 4567", "RO", "+40211234567", IdStatus::valid},
            // BG: mobiles 087/088/089.
            {"0888 123 456", "BG", "+359888123456", IdStatus::valid},
            // IT: no trunk prefix — the leading 0 of a fixed line is part of the number and stays.
            {"312 345 6789", "IT", "+393123456789", IdStatus::valid},
            {"02 1234 5678", "IT", "+390212345678", IdStatus::valid},
            // ES: no trunk prefix.
            {"612 34 56 78", "ES", "+34612345678", IdStatus::valid},
            {"91 123 45 67", "ES", "+34911234567", IdStatus::valid},
            // BR: area code 11 + nine-digit mobile.
            {"(11) 96123-4567", "BR", "+5511961234567", IdStatus::valid},
            // IN, NG, TH, UA: trunk 0.
            {"081234 56789", "IN", "+918123456789", IdStatus::valid},
            {"0802 123 4567", "NG", "+2348021234567", IdStatus::valid},
            {"081 234 5678", "TH", "+66812345678", IdStatus::valid},
            {"050 123 4567", "UA", "+380501234567", IdStatus::valid},
            // RU: trunk 8.
            {"8 (912) 345-67-89", "RU", "+79123456789", IdStatus::valid},
            // CN: mobiles 13x, Beijing 010.
            {"131 2345 6789", "CN", "+8613123456789", IdStatus::valid},
            {"010 1234 5678", "CN", "+861012345678", IdStatus::valid},
            // AU: mobiles 04, Sydney 02.
            {"0412 345 678", "AU", "+61412345678", IdStatus::valid},
            {"(02) 1234 5678", "AU", "+61212345678", IdStatus::valid},
        };
        for (const auto& c : cases)
            check_phone(c);
    }

    TEST_CASE("international forms with +, 00, 011, 0011 and 8~10 give the same E.164 whatever the region") {
        const std::vector<PhoneCase> cases{
            {"+44 7400 123456", "", "+447400123456", IdStatus::valid},
            {"+44 7400 123456", "US", "+447400123456", IdStatus::valid},
            {"+447400123456", "RU", "+447400123456", IdStatus::valid},
            {"0044 7400 123456", "GB", "+447400123456", IdStatus::valid},
            {"00 44 7400 123456", "DE", "+447400123456", IdStatus::valid},
            {"011 44 7400 123456", "US", "+447400123456", IdStatus::valid}, // NANP international prefix
            {"0011 44 7400 123456", "AU", "+447400123456", IdStatus::valid},
            {"8-10-44-7400-123456", "RU", "+447400123456", IdStatus::valid}, // Russian 8~10
            {"+1 202.456.1111", "", "+12024561111", IdStatus::valid},
            {"+49 30 123456", "FR", "+4930123456", IdStatus::valid},
            {"+33 6 12 34 56 78", "", "+33612345678", IdStatus::valid},
            {"+7 912 345 67 89", "", "+79123456789", IdStatus::valid},
            {"+55 11 96123 4567", "", "+5511961234567", IdStatus::valid},
            {"+91 81234 56789", "", "+918123456789", IdStatus::valid},
            {"+86 131 2345 6789", "", "+8613123456789", IdStatus::valid},
            {"+39 02 1234 5678", "", "+390212345678", IdStatus::valid},
            {"  +61 412 345 678\t", "", "+61412345678", IdStatus::valid},
        };
        for (const auto& c : cases)
            check_phone(c);
    }

    TEST_CASE("a (0) trunk prefix after the country code is dropped") {
        const std::vector<PhoneCase> cases{
            {"+44 (0)7400 123456", "", "+447400123456", IdStatus::valid},
            {"+44 (0) 20 7930 4832", "", "+442079304832", IdStatus::valid},
            {"+49 (0)151 2345 6789", "", "+4915123456789", IdStatus::valid},
            {"+33 (0)6 12 34 56 78", "", "+33612345678", IdStatus::valid},
        };
        for (const auto& c : cases)
            check_phone(c);
    }

    TEST_CASE("the same raw string on devices from two regions is two different numbers") {
        CHECK(store::normalize_phone("0612345678", "FR").value == "+33612345678");
        CHECK(store::normalize_phone("0612345678", "NL").value == "+31612345678");
        CHECK(store::normalize_phone("0412 345 678", "AU").value == "+61412345678");
        CHECK(store::normalize_phone("0412 345 678", "GB").value != "+61412345678");
        // The rule records which region was used, so the resolution can be explained.
        CHECK(store::normalize_phone("0612345678", "FR").rule.find("region=FR") != std::string::npos);
        CHECK(store::normalize_phone("0612345678", "NL").rule.find("region=NL") != std::string::npos);
        // The region is an ISO code in any case.
        CHECK(store::normalize_phone("0612345678", "fr").value == "+33612345678");
    }

    TEST_CASE("a fictional 07700 900xxx number normalises but is not valid") {
        // Ofcom reserves 07700 900000-900999 for drama; libphonenumber knows it is not assigned.
        const std::vector<PhoneCase> cases{
            {"07700 900123", "GB", "+447700900123", IdStatus::possible},
            {"07700900000", "GB", "+447700900000", IdStatus::possible},
            {"07700 900999", "GB", "+447700900999", IdStatus::possible},
            {"+44 7700 900123", "", "+447700900123", IdStatus::possible},
            {"+44 (0)7700-900123", "", "+447700900123", IdStatus::possible},
            {"0044 7700 900123", "GB", "+447700900123", IdStatus::possible},
            {"00 44 7700 900123", "FR", "+447700900123", IdStatus::possible},
        };
        for (const auto& c : cases)
            check_phone(c);
    }

    TEST_CASE("a national number with no region to read it by stays raw") {
        check_phone({"07700 900123", "", "07700 900123", IdStatus::raw});
        check_phone({"07700 900123", "XX", "07700 900123", IdStatus::raw});
    }

    TEST_CASE("short codes and local-only numbers stay raw, never E.164") {
        // DOMAIN §5.2: short codes are (region, code). A subscriber number without its area code is
        // only meaningful where it was dialled; as E.164 it would merge with strangers.
        const std::vector<PhoneCase> cases{
            {"999", "GB", "999", IdStatus::raw},
            {"112", "GB", "112", IdStatus::raw},
            {"101", "GB", "101", IdStatus::raw},
            {"112", "DE", "112", IdStatus::raw},
            {"110", "DE", "110", IdStatus::raw},
            {"11880", "DE", "11880", IdStatus::raw}, // directory enquiries: five digits, a full DE length
            {"116 116", "DE", "116 116", IdStatus::raw},
            {"118 118", "GB", "118 118", IdStatus::raw},
            {"61016", "GB", "61016", IdStatus::raw},
            {"911", "US", "911", IdStatus::raw},
            {"40404", "US", "40404", IdStatus::raw},
            {"15", "FR", "15", IdStatus::raw},
            {"100", "IN", "100", IdStatus::raw},
            {"555-0123", "US", "555-0123", IdStatus::raw}, // seven digits: the area code is missing
            {"456 1111", "US", "456 1111", IdStatus::raw},
            {"*100#", "GB", "*100#", IdStatus::raw},
            {"#31#", "GB", "#31#", IdStatus::raw},
        };
        for (const auto& c : cases)
            check_phone(c);
    }

    TEST_CASE("a number longer than E.164's 15 digits stays raw even where the national plan allows it") {
        // DE national numbers may have up to 15 digits, so libphonenumber calls 14 of them possible;
        // with "+49" that is 16 digits, which no international number can have (fuzz find).
        check_phone({"1234 5698 7654 32", "DE", "1234 5698 7654 32", IdStatus::raw});
        check_phone({"+49 1234 5698 7654 32", "", "+49 1234 5698 7654 32", IdStatus::raw});
        check_phone({"+49 30 123456", "", "+4930123456", IdStatus::valid});
    }

    TEST_CASE("alphanumeric sender ids stay raw as seen") {
        for (const std::string_view s :
             {"VODAFONE", "DHL", "Amazon", "HSBC UK", "Telekom", "O2-Info", "AIB 123"}) {
            check_phone({s, "GB", s, IdStatus::raw});
            CHECK(store::normalize_phone(s, "GB").rule.find("not-a-number") != std::string::npos);
        }
    }

    TEST_CASE("empty and garbage phone input stays raw and never throws") {
        check_phone({"", "GB", "", IdStatus::raw});
        check_phone({"   ", "GB", "", IdStatus::raw});
        check_phone({"+", "", "+", IdStatus::raw});
        check_phone({"++44++", "", "++44++", IdStatus::raw});
        check_phone({"--..--", "GB", "--..--", IdStatus::raw});
        const std::string long_digits(400, '7');
        const std::string embedded_nul("0770\0 900123", 12);
        const std::vector<std::string> garbage{long_digits,
                                               "+" + long_digits,
                                               embedded_nul,
                                               "\xff\xfe\x00\x01",
                                               "0\xcc\x81\xcc\x81\xcc\x81 7700",
                                               "(((((((",
                                               "+44 ()()() 7700",
                                               "1e10",
                                               "0x1F",
                                               "-0000000000000000000001"};
        for (const auto& g : garbage) {
            for (const std::string_view region : {"", "GB", "US", "ZZ", "001", "\xff", "GBR"}) {
                CAPTURE(g);
                CAPTURE(region);
                store::NormalizedId id;
                CHECK_NOTHROW(id = store::normalize_phone(g, region));
                CHECK(id.type == "phone");
                if (id.status == IdStatus::valid || id.status == IdStatus::possible) {
                    CHECK(id.value.front() == '+');
                    CHECK(id.value.size() <= 16); // E.164: at most 15 digits
                }
            }
        }
        check_phone({long_digits, "GB", long_digits, IdStatus::raw});
    }

    TEST_CASE("phone numbers written with Arabic-Indic or full-width digits normalise like ASCII digits") {
        // Android keeps numbers as typed; on Arabic and CJK keyboards the digits are not ASCII.
        check_phone({"+\xd9\xa4\xd9\xa4\xd9\xa7\xd9\xa4\xd9\xa0\xd9\xa0\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9"
                     "\xa5\xd9\xa6",
                     "", "+447400123456", IdStatus::valid});
        check_phone({"\xef\xbc\x90\xef\xbc\x97\xef\xbc\x94\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91\xef\xbc\x92"
                     "\xef\xbc\x93"
                     "\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96",
                     "GB", "+447400123456", IdStatus::valid});
    }

    TEST_CASE("public example IBANs pass mod 97 in any written form") {
        struct IbanCase {
            std::string_view raw;
            std::string_view electronic;
        };
        const std::vector<IbanCase> cases{
            {"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
            {"gb82west12345698765432", "GB82WEST12345698765432"},
            {"IBAN GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
            {"IBAN: GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"},
            {"  GB82-WEST-1234-5698-7654-32 ", "GB82WEST12345698765432"},
            {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
            {"de89370400440532013000", "DE89370400440532013000"},
            {"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"},
            {"FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"},
            {"RO49 AAAA 1B31 0075 9384 0000", "RO49AAAA1B31007593840000"},
            {"ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"},
            {"IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"},
            {"BE68 5390 0754 7034", "BE68539007547034"},
            {"CH93 0076 2011 6238 5295 7", "CH9300762011623852957"},
            {"AT61 1904 3002 3457 3201", "AT611904300234573201"},
            {"BG80 BNBG 9661 1020 3456 78", "BG80BNBG96611020345678"},
            {"NO93 8601 1117 947", "NO9386011117947"}, // the shortest IBAN (15)
        };
        for (const auto& c : cases) {
            CAPTURE(c.raw);
            const auto id = store::normalize_iban(c.raw);
            CHECK(id.type == "iban");
            CHECK(id.entity_kind == "account");
            CHECK(id.value == c.electronic);
            CHECK(id.status == IdStatus::valid);
            CHECK(store::iban_checksum_ok(c.raw));
        }
        CHECK(store::format_iban("GB82WEST12345698765432") == "GB82 WEST 1234 5698 7654 32");
        CHECK(store::format_iban("NO9386011117947") == "NO93 8601 1117 947");
    }

    TEST_CASE("an IBAN with one changed character fails mod 97 and is invalid, not merged") {
        for (const std::string_view bad :
             {"GB82 WEST 1234 5698 7654 33", "GB82 WEST 1234 5698 7655 32", "GB83 WEST 1234 5698 7654 32",
              "GB82 EAST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 01", "NL91 ABNA 0417 1643 01",
              "DE98 3704 0044 0532 0130 00"}) {
            CAPTURE(bad);
            const auto id = store::normalize_iban(bad);
            CHECK(id.status == IdStatus::invalid);
            CHECK_FALSE(id.mergeable());
            CHECK_FALSE(store::iban_checksum_ok(bad));
            CHECK(id.rule.find("mod97") != std::string::npos);
        }
    }

    TEST_CASE("an IBAN of the wrong length for its country is invalid") {
        // One character short or long; the country fixes the length (GB 22, DE 22, NL 18, FR 27).
        for (const std::string_view bad :
             {"GB82 WEST 1234 5698 7654 3", "GB82 WEST 1234 5698 7654 321", "DE89 3704 0044 0532 0130 0",
              "NL91 ABNA 0417 1643 000", "FR14 2004 1010 0505 0001 3M02 60"}) {
            CAPTURE(bad);
            const auto id = store::normalize_iban(bad);
            CHECK(id.status == IdStatus::invalid);
            CHECK(id.rule.find("length") != std::string::npos);
        }
    }

    TEST_CASE("text that is not shaped like an IBAN stays raw") {
        for (const std::string_view s :
             {"", "hello world", "12345678", "IBAN", "GB82", "82GB WEST 1234 5698 7654 32",
              "GB82 WEST 1234 5698 7654 3€", "GBXX WEST 1234 5698 7654 32"}) {
            CAPTURE(s);
            const auto id = store::normalize_iban(s);
            CHECK(id.status == IdStatus::raw);
            CHECK(id.value == s); // kept as seen
        }
    }

    TEST_CASE("a BIC8 is the same institution as its BIC11 with XXX") {
        CHECK(store::normalize_bic("DEUTDEFF").value == "DEUTDEFFXXX");
        CHECK(store::normalize_bic("DEUTDEFFXXX").value == "DEUTDEFFXXX");
        CHECK(store::normalize_bic("deut de ff").value == "DEUTDEFFXXX");
        CHECK(store::normalize_bic("NWBKGB2L").value == "NWBKGB2LXXX");
        CHECK(store::normalize_bic("DEUTDEFF500").value == "DEUTDEFF500");
        CHECK(store::normalize_bic("DEUTDEFF").status == IdStatus::valid);
        for (const std::string_view bad :
             {"", "DEUTDEF", "DEUT1EFF", "DEUTDEFF50", "DEUTDEFF5000", "NOT A BIC"}) {
            CAPTURE(bad);
            CHECK(store::normalize_bic(bad).status == IdStatus::raw);
        }
    }

    TEST_CASE("emails fold case and lose a mailto: prefix; garbage stays raw") {
        struct EmailCase {
            std::string_view raw;
            std::string_view value;
            IdStatus status;
        };
        const std::vector<EmailCase> cases{
            {"alice@example.com", "alice@example.com", IdStatus::valid},
            {"  Alice.Smith@Example.COM ", "alice.smith@example.com", IdStatus::valid},
            {"mailto:bob@example.org", "bob@example.org", IdStatus::valid},
            {"MAILTO:Bob@Example.org", "bob@example.org", IdStatus::valid}, // URI schemes ignore case
            {"Mailto:bob@example.org", "bob@example.org", IdStatus::valid},
            {"not an email", "not an email", IdStatus::raw},
            {"alice@localhost", "alice@localhost", IdStatus::raw},
            {"@example.com", "@example.com", IdStatus::raw},
            {"alice@", "alice@", IdStatus::raw},
            {"a@b@example.com", "a@b@example.com", IdStatus::raw},
            {"Alice <alice@example.com>", "Alice <alice@example.com>", IdStatus::raw},
            {"", "", IdStatus::raw},
        };
        for (const auto& c : cases) {
            CAPTURE(c.raw);
            const auto id = store::normalize_email(c.raw);
            CHECK(id.type == "email");
            CHECK(id.value == c.value);
            CHECK(store::to_string(id.status) == store::to_string(c.status));
        }
    }

    TEST_CASE("a WhatsApp user JID is the international number; groups, broadcasts and @lid are not") {
        CHECK(store::phone_from_whatsapp_jid("447700900123@s.whatsapp.net") == "+447700900123");
        CHECK(store::phone_from_whatsapp_jid("447700900123:12@s.whatsapp.net") == "+447700900123");
        CHECK(store::phone_from_whatsapp_jid("447700900123.0:12@s.whatsapp.net") == "+447700900123");
        CHECK(store::phone_from_whatsapp_jid("4915123456789@s.whatsapp.net") == "+4915123456789");
        CHECK_FALSE(store::phone_from_whatsapp_jid("447700900123-1600000000@g.us"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("120363012345678901@g.us"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("123456789012345@lid"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("status@broadcast"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("1600000000@broadcast"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("@s.whatsapp.net"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("abc@s.whatsapp.net"));
        CHECK_FALSE(store::phone_from_whatsapp_jid("1234567890123456@s.whatsapp.net")); // 16 digits
        CHECK_FALSE(store::phone_from_whatsapp_jid(""));
        CHECK_FALSE(store::phone_from_whatsapp_jid("447700900123"));
        // The JID's number goes through the phone rule like any other and lands on the same value.
        const auto jid = store::phone_from_whatsapp_jid("447700900123@s.whatsapp.net");
        REQUIRE(jid);
        CHECK(store::normalize_phone(*jid, "").value == store::normalize_phone("07700 900123", "GB").value);
    }

    TEST_CASE("what a user types resolves to the identifier it names") {
        struct InputCase {
            std::string_view text;
            std::string_view region;
            std::string_view type;
            std::string_view value;
        };
        const std::vector<InputCase> cases{
            {"+44 7700 900111", "", "phone", "+447700900111"},
            {"07700900111", "GB", "phone", "+447700900111"},
            {"0044 7700 900111", "GB", "phone", "+447700900111"},
            {"tel:+44 7700 900111", "", "phone", "+447700900111"},
            {"GB82 WEST 1234 5698 7654 32", "GB", "iban", "GB82WEST12345698765432"},
            {"gb82west12345698765432", "", "iban", "GB82WEST12345698765432"},
            {"IBAN GB82 WEST 1234 5698 7654 32", "", "iban", "GB82WEST12345698765432"},
            {"IBAN: GB82 WEST 1234 5698 7654 32", "", "iban", "GB82WEST12345698765432"},
            {"Alice@Example.com", "", "email", "alice@example.com"},
            {"mailto:alice@example.com", "", "email", "alice@example.com"},
            {"telegram:user123", "", "handle", "telegram:user123"},
            {"telegram:@user123", "", "handle", "telegram:@user123"},
            {"  whatsapp:Mike  ", "", "handle", "whatsapp:Mike"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto id = store::normalize_user_input(c.text, c.region);
            CHECK(id.type == c.type);
            CHECK(id.value == c.value);
        }
        CHECK(store::normalize_user_input("07700900111", "").status == IdStatus::raw);
        CHECK_NOTHROW((void)store::normalize_user_input("", "GB"));
        CHECK_NOTHROW((void)store::normalize_user_input(":", "GB"));
        CHECK_NOTHROW((void)store::normalize_user_input("@", "GB"));
    }

    TEST_CASE("identifier types without a rule are trimmed and kept; empty ones are raw") {
        const auto imei = store::normalize_identifier("imei", " 490154203237518 ", "");
        CHECK(imei.value == "490154203237518");
        CHECK(imei.entity_kind == "device");
        CHECK(imei.status == IdStatus::valid);
        CHECK(store::normalize_identifier("name", "  ", "").status == IdStatus::raw);
        CHECK(store::normalize_identifier("phone", "07700 900123", "GB").value == "+447700900123");
        CHECK(store::normalize_identifier("iban", "GB82 WEST 1234 5698 7654 32", "").value ==
              "GB82WEST12345698765432");
        CHECK(store::normalize_identifier("bic", "DEUTDEFF", "").value == "DEUTDEFFXXX");
        CHECK(store::normalize_identifier("email", "A@Example.com", "").value == "a@example.com");
    }

    TEST_CASE("every saved fuzz input still gives results that keep the identifier invariants") {
        // tests/corpus/identifiers holds fuzz_identifiers inputs: the first byte says how many of the
        // next bytes (0-3) are the region, the rest is the text.
        const auto dir = test::test_data_dir() / "corpus" / "identifiers";
        REQUIRE(std::filesystem::is_directory(dir));
        int files = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string data = test::read_file(entry.path());
            if (data.empty())
                continue;
            ++files;
            CAPTURE(entry.path().filename().string());
            const std::size_t region_len =
                std::min<std::size_t>(static_cast<unsigned char>(data[0]) % 4, data.size() - 1);
            const std::string region = data.substr(1, region_len);
            const std::string text = data.substr(1 + region_len);
            for (const auto& id : {store::normalize_phone(text, region), store::normalize_phone(text, "GB"),
                                   store::normalize_user_input(text, region)}) {
                if (id.type == "phone" && id.mergeable()) {
                    CHECK(id.value.size() <= 16);
                    CHECK(id.value.find_first_not_of("0123456789", 1) == std::string::npos);
                }
            }
            const auto iban = store::normalize_iban(text);
            if (iban.status == IdStatus::valid)
                CHECK(store::iban_checksum_ok(iban.value));
            if (const auto ms = store::parse_iso_instant(text))
                CHECK(store::parse_iso_instant(store::format_utc_ms(*ms)) == *ms);
        }
        CHECK(files > 0);
    }
}
