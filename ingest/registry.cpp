// The list of importers and detection by content (see importer.hpp).
#include "formats.hpp"
#include "importer.hpp"
#include "private_copy.hpp"

#include <fstream>

namespace casegraph::ingest {

const std::vector<const Importer*>& importers() {
    // Fixed order: detection ties go to the earlier entry.
    static const std::vector<const Importer*> all = {
        // clang-format off
        &android_sms_importer(),
        &android_calls_importer(),
        &android_contacts_importer(),
        &whatsapp_db_importer(),
        &whatsapp_contacts_importer(),
        &whatsapp_txt_importer(),
        &telegram_json_importer(),
        &camt_importer(),
        &mt940_importer(),
        &ofx_importer(),
        &bank_csv_importer(),
        &sms_backup_xml_importer(), // root <smses>, <calls>, <alllogs>
        &vcard_importer(),          // BEGIN:VCARD
        &ios_sms_importer(),        // message + handle tables
        &ios_calls_importer(),      // ZCALLRECORD
        &ios_contacts_importer(),   // ABPerson + ABMultiValue
        &ufdr_importer(),           // Cellebrite report namespace, or a UFED <model> fragment
        &meta_json_importer(),      // participants + messages[sender_name, timestamp_ms]
        &telegram_html_importer(),  // div.history of div.message
        // clang-format on
    };
    return all;
}

const Importer* find_importer(std::string_view format) {
    for (const auto* i : importers())
        if (i->format() == format)
            return i;
    return nullptr;
}

const Importer* detect_importer(const Probe& probe) {
    const Importer* best = nullptr;
    int best_score = 0;
    for (const auto* i : importers()) {
        const int s = i->detect(probe);
        if (s > best_score) {
            best = i;
            best_score = s;
        }
    }
    return best;
}

Probe make_probe(const std::filesystem::path& path, std::vector<unsigned char>& head_storage) {
    Probe p;
    std::ifstream in(path, std::ios::binary);
    head_storage.assign(64 * 1024, 0);
    in.read(reinterpret_cast<char*>(head_storage.data()), static_cast<std::streamsize>(head_storage.size()));
    head_storage.resize(static_cast<std::size_t>(in.gcount()));
    p.head = head_storage;
    std::error_code ec;
    p.size = std::filesystem::file_size(path, ec);
    static constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
    if (p.head_text().substr(0, 16) == kSqliteMagic)
        p.sqlite_tables = sqlite_tables_readonly(path);
    return p;
}

} // namespace casegraph::ingest
