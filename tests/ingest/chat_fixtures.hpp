// Helpers for the chat-export importer tests: ingest one file into a fresh case, read back events by
// locator, and write a small stored (uncompressed) zip so archive exports can be built in a test.
#pragma once

#include "ingest/ingest.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace casegraph::test::chats {

struct Ingested {
    store::CaseFile cf;
    ingest::IngestReport report;
};

inline Ingested ingest_file(const TempDir& dir, const std::filesystem::path& file,
                            ingest::IngestOptions o = {}, const std::string& case_name = "c.case") {
    auto cf = store::CaseFile::create(dir / case_name, {}, "tester");
    auto report = ingest::ingest_paths(cf, {file}, o, "tester");
    return {std::move(cf), std::move(report)};
}

struct Ev {
    std::string kind, body, raw, precision, offset, rule, direction;
    std::optional<std::int64_t> utc_ms;
    bool deleted = false, offset_assumed = false;
    nlohmann::json attrs;
    std::map<std::string, std::vector<std::string>> parties; // role -> entity labels
};

// The event at a locator (full locator as stored, e.g. "line:5" or "zip:_chat.txt!line:5"), seq 0.
inline std::optional<Ev> event_at(const store::Db& db, const std::string& locator, int seq = 0) {
    auto st = db.prepare("SELECT e.id, e.kind, coalesce(e.body,''), e.time_raw, e.precision, e.utc_offset, "
                         "e.time_rule, coalesce(e.direction,''), e.utc_ms, e.deleted, e.offset_assumed, "
                         "coalesce(e.attrs,'{}') FROM event e JOIN source s ON s.id = e.source_id "
                         "WHERE s.locator = ?1 AND e.seq = ?2");
    st.bind(1, locator).bind(2, seq);
    if (!st.step())
        return std::nullopt;
    Ev e;
    const auto id = st.column_int64(0);
    e.kind = st.column_text(1);
    e.body = st.column_text(2);
    e.raw = st.column_text(3);
    e.precision = st.column_text(4);
    e.offset = st.column_text(5);
    e.rule = st.column_text(6);
    e.direction = st.column_text(7);
    if (!st.column_is_null(8))
        e.utc_ms = st.column_int64(8);
    e.deleted = st.column_int64(9) != 0;
    e.offset_assumed = st.column_int64(10) != 0;
    e.attrs = nlohmann::json::parse(st.column_text(11));
    auto pq = db.prepare("SELECT p.role, en.label FROM event_party p JOIN entity en ON en.id = p.entity_id "
                         "WHERE p.event_id = ?1 ORDER BY p.role, en.label");
    pq.bind(1, id);
    while (pq.step())
        e.parties[pq.column_text(0)].push_back(pq.column_text(1));
    return e;
}

inline std::int64_t count(const store::Db& db, const std::string& sql) {
    return db.scalar_int(sql);
}

inline std::vector<std::pair<std::string, std::string>> diagnostics(const store::Db& db,
                                                                    const std::string& severity) {
    std::vector<std::pair<std::string, std::string>> out;
    auto st = db.prepare("SELECT locator, message FROM import_error WHERE severity = ?1 ORDER BY id");
    st.bind(1, severity);
    while (st.step())
        out.emplace_back(st.column_text(0), st.column_text(1));
    return out;
}

// Is there a diagnostic of `severity` at exactly `locator` whose message contains `needle`?
inline bool has_diagnostic(const store::Db& db, const std::string& severity, const std::string& locator,
                           const std::string& needle) {
    for (const auto& [loc, msg] : diagnostics(db, severity))
        if (loc == locator && msg.find(needle) != std::string::npos)
            return true;
    return false;
}

// Events a chat message becomes: messages, service/system notices and calls.
inline std::int64_t chat_event_count(const store::Db& db) {
    return db.scalar_int("SELECT count(*) FROM event WHERE kind IN ('message', 'system', 'call')");
}

inline std::string sender_of(const Ev& e) {
    auto it = e.parties.find("sender");
    return it == e.parties.end() || it->second.empty() ? std::string() : it->second.front();
}

// A zip with stored members (no compression): enough for libarchive, no zlib needed in the test.
inline void write_stored_zip(const std::filesystem::path& out,
                             const std::vector<std::pair<std::string, std::string>>& members) {
    auto crc32 = [](const std::string& data) {
        std::uint32_t c = 0xFFFFFFFFu;
        for (unsigned char b : data) {
            c ^= b;
            for (int k = 0; k < 8; ++k)
                c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
        return c ^ 0xFFFFFFFFu;
    };
    std::string z, central;
    auto u16 = [](std::string& s, std::uint32_t v) {
        s.push_back(static_cast<char>(v & 0xFF));
        s.push_back(static_cast<char>((v >> 8) & 0xFF));
    };
    auto u32 = [&](std::string& s, std::uint32_t v) {
        u16(s, v & 0xFFFF);
        u16(s, v >> 16);
    };
    for (const auto& [name, data] : members) {
        const auto offset = static_cast<std::uint32_t>(z.size());
        const auto crc = crc32(data);
        const auto size = static_cast<std::uint32_t>(data.size());
        u32(z, 0x04034b50);
        u16(z, 20), u16(z, 0x0800), u16(z, 0), u16(z, 0), u16(z, 0x21); // UTF-8 names, stored, a date
        u32(z, crc), u32(z, size), u32(z, size);
        u16(z, static_cast<std::uint32_t>(name.size())), u16(z, 0);
        z += name;
        z += data;
        u32(central, 0x02014b50);
        u16(central, 20), u16(central, 20), u16(central, 0x0800), u16(central, 0), u16(central, 0),
            u16(central, 0x21);
        u32(central, crc), u32(central, size), u32(central, size);
        u16(central, static_cast<std::uint32_t>(name.size())), u16(central, 0), u16(central, 0),
            u16(central, 0), u16(central, 0);
        u32(central, 0), u32(central, offset);
        central += name;
    }
    const auto cd_offset = static_cast<std::uint32_t>(z.size());
    z += central;
    u32(z, 0x06054b50);
    u16(z, 0), u16(z, 0), u16(z, static_cast<std::uint32_t>(members.size())),
        u16(z, static_cast<std::uint32_t>(members.size()));
    u32(z, static_cast<std::uint32_t>(central.size())), u32(z, cd_offset);
    u16(z, 0);
    write_file(out, z);
}

} // namespace casegraph::test::chats
