// libFuzzer target for the bank CSV reader and value parsers: any bytes decode, split and parse without a
// crash, and records keep their invariants (line numbers increase, nothing is lost between records).
#include "ingest/csv_profile.hpp"
#include "ingest/csv_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
void require(bool ok) {
    if (!ok)
        __builtin_trap();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casegraph::ingest;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto decoded = csv::decode(bytes);
    require(!decoded.encoding.empty());
    char delim = csv::detect_delimiter(decoded.text);
    if (delim == 0)
        delim = ',';
    const auto rows = csv::read(decoded.text, delim);
    std::size_t last = 0;
    for (const auto& r : rows) {
        require(r.line > last && r.end_line >= r.line);
        require(!r.fields.empty());
        last = r.end_line;
        for (const auto& f : r.fields) {
            (void)csv::role_for_header(f);
            (void)csv::decimal_vote(f);
            for (const char dec : {'.', ','}) {
                const auto a = csv::parse_amount(f, dec, 2);
                require(!(a.minor && !a.error.empty()));
            }
            csv::DateVotes v;
            csv::vote_date(f, v);
            for (const char* order : {"dmy", "mdy", "ymd"})
                if (const auto d = csv::parse_date(f, order))
                    require(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31);
        }
    }
    if (size < 4096) {
        try {
            (void)csv::parse_profile(bytes);
        } catch (const std::exception&) {
        }
    }
    return 0;
}
