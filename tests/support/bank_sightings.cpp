// The two-statement-file fixture of the sighting tests (see bank_sightings.hpp).
#include "bank_sightings.hpp"

#include "store/hash.hpp"

#include <sstream>

namespace casegraph::test {
std::string mt940_statement(const std::string& ref, const std::string& seq,
                            const std::vector<std::string>& lines61) {
    std::string s =
        ":20:" + ref + "\n:25:" + SightingFiles::kOwn + "\n:28C:" + seq + "\n:60F:C240201EUR1000,00\n";
    for (const auto& l : lines61)
        s += ":61:" + l + "\n:86:116?00UEBERWEISUNG?20SVWZ+Miete?31" + std::string(SightingFiles::kPayee) +
             "?32Jan Jansen\n";
    return s + ":62F:C240229EUR500,00\n-\n";
}

std::vector<std::string> mt940_locators(const std::string& text, const std::vector<std::string>& amounts) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    int no = 0, statement = 0;
    while (std::getline(in, line)) {
        ++no;
        if (line.rfind(":20:", 0) == 0)
            ++statement;
        if (line.rfind(":61:", 0) != 0)
            continue;
        for (const auto& a : amounts)
            if (line.find("D" + a) != std::string::npos)
                out.push_back("mt940:statement=" + std::to_string(statement) + "/line=" + std::to_string(no));
    }
    return out;
}

SightingFiles::SightingFiles(const std::filesystem::path& dir, const std::string& b_name)
    : a(dir / "a.sta"), b(dir / b_name) {
    const std::string feb = mt940_statement(
        "FEB", "00002/001", {"2402100210D200,00NTRFNONREF//B1", "2402120212D300,00NTRFNONREF//B2"});
    const std::string jan = mt940_statement("JAN", "00001/001", {"2401100110D50,00NTRFNONREF//B0"});
    write_file(a, feb);
    write_file(b, jan + feb);
    a_sha256 = store::sha256_hex(read_file(a));
    b_sha256 = store::sha256_hex(read_file(b));
    a_feb_locators = mt940_locators(read_file(a), {"200,00", "300,00"});
    b_feb_locators = mt940_locators(read_file(b), {"200,00", "300,00"});
}

} // namespace casegraph::test
