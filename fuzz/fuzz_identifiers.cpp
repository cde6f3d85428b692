// libFuzzer target for identifier normalisation and ISO 8601 parsing: any bytes, with any region,
// must give a result (never a crash), and results must keep the invariants the store relies on.
#include "store/identifiers.hpp"
#include "store/time.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace casegraph::store;

// Stops the run on a broken invariant so libFuzzer saves the input.
void require(bool ok) {
    if (!ok)
        __builtin_trap();
}

void check_id(const NormalizedId& id) {
    require(!id.type.empty());
    require(!id.rule.empty());
    if (id.type == "phone" && id.mergeable()) {
        // E.164: '+' and at most 15 digits.
        require(id.value.size() >= 2 && id.value.size() <= 16 && id.value[0] == '+');
        for (std::size_t i = 1; i < id.value.size(); ++i)
            require(id.value[i] >= '0' && id.value[i] <= '9');
    }
    if (id.type == "iban" && id.status == IdStatus::valid)
        require(iban_checksum_ok(id.value));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // First byte: how many of the following bytes are the region (0-3, so empty, odd and
    // over-long regions are all tried); the rest is the text.
    const std::size_t region_len = data[0] % 4 < size - 1 ? data[0] % 4 : size - 1;
    const std::string_view region(reinterpret_cast<const char*>(data) + 1, region_len);
    const std::string_view text(reinterpret_cast<const char*>(data) + 1 + region_len, size - 1 - region_len);

    check_id(normalize_phone(text, region));
    check_id(normalize_phone(text, "GB"));
    check_id(normalize_email(text));
    check_id(normalize_iban(text));
    check_id(normalize_bic(text));
    for (const std::string_view type : {"phone", "email", "iban", "bic", "handle", "imei", "url", "name"})
        check_id(normalize_identifier(type, text, region));
    check_id(normalize_user_input(text, region));
    (void)iban_checksum_ok(text);
    (void)format_iban(text);
    if (const auto phone = phone_from_whatsapp_jid(text)) {
        require(phone->size() >= 2 && phone->size() <= 16 && (*phone)[0] == '+');
        check_id(normalize_phone(*phone, ""));
    }

    if (const auto ms = parse_iso_instant(text)) {
        // Within years 1-9999 the instant prints and reads back unchanged.
        constexpr std::int64_t kYear1 = -62135596800000;     // 0001-01-01T00:00:00Z
        constexpr std::int64_t kYear10000 = 253402300800000; // 10000-01-01T00:00:00Z
        if (*ms >= kYear1 && *ms < kYear10000)
            require(parse_iso_instant(format_utc_ms(*ms)) == *ms);
        const Civil c = utc_ms_to_civil(*ms);
        require(civil_to_utc_ms(c) == *ms);
    }
    return 0;
}
