// Evidence registration and verification: the hash agrees with openssl, the evidence and its folder
// are left exactly as they were, duplicates are one row, and changed or missing files are reported.
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"
#include "support/test_support.hpp"

#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

// The independent source of truth: what `openssl dgst -sha256` prints for the file.
std::string openssl_sha256(const std::filesystem::path& p) {
    const std::string cmd = "openssl dgst -sha256 -r '" + p.string() + "' 2>/dev/null";
    FILE* f = ::popen(cmd.c_str(), "r");
    REQUIRE(f != nullptr);
    std::array<char, 256> buf{};
    std::string out;
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), f) != nullptr)
        out += buf.data();
    REQUIRE(::pclose(f) == 0);
    return out.substr(0, out.find(' ')); // "-r": "<hex> *<path>"
}

// Bytes that cross the 1 MiB read buffer and contain every byte value.
std::string evidence_bytes(std::size_t n, unsigned seed) {
    std::string s(n, '\0');
    unsigned x = seed;
    for (auto& c : s) {
        x = x * 1103515245U + 12345U;
        c = static_cast<char>(x >> 16);
    }
    return s;
}

struct FileTimes {
    timespec mtime{};
    timespec atime{};
};

// stat() only: reading the file here would itself move its access time.
FileTimes file_times(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return {st.st_mtim, st.st_atim};
}

// Name -> size of everything in a folder, so a file written beside the evidence shows up.
std::map<std::string, std::uintmax_t> listing(const std::filesystem::path& dir) {
    std::map<std::string, std::uintmax_t> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out[e.path().filename().string()] = e.is_regular_file() ? e.file_size() : 0;
    return out;
}

std::vector<store::AuditEntry> audit_rows(const store::CaseFile& cf, const std::string& action) {
    std::vector<store::AuditEntry> out;
    for (auto& e : store::audit_read(cf.db()))
        if (e.action == action)
            out.push_back(e);
    return out;
}

} // namespace

TEST_SUITE("store") {
    TEST_CASE("registration records the SHA-256 openssl computes, the size, the name and a UTC time") {
        TempDir cases;
        TempDir ev;
        const auto file = ev / "msgstore.db";
        test::write_file(file, evidence_bytes(2'500'000, 7));
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto before = store::now_utc_ms();
        const auto reg = store::register_evidence(cf, file, "alice", {.region = "GB", .tz = "Europe/London"});
        CHECK(reg.newly_registered);
        CHECK(reg.info.sha256 == openssl_sha256(file));
        CHECK(reg.info.size == 2'500'000);
        CHECK(reg.info.original_name == "msgstore.db");
        CHECK(reg.info.original_path == std::filesystem::absolute(file).lexically_normal().string());
        CHECK(reg.info.registered_by == "alice");
        CHECK(reg.info.region == "GB");
        CHECK(reg.info.tz == "Europe/London");
        CHECK(reg.info.status == "registered");
        // UTC, ISO 8601 with a Z, and now.
        REQUIRE(!reg.info.registered_at.empty());
        CHECK(reg.info.registered_at.back() == 'Z');
        const auto at = store::parse_iso_instant(reg.info.registered_at);
        REQUIRE(at);
        CHECK(*at >= before - 1000);
        CHECK(*at <= store::now_utc_ms() + 1000);
        // The stored row reads back the same.
        const auto stored = store::find_evidence_by_sha(cf.db(), reg.info.sha256);
        REQUIRE(stored);
        CHECK(stored->id == reg.info.id);
        CHECK(store::list_evidence(cf.db()).size() == 1);
    }

    TEST_CASE("an empty file registers with the SHA-256 of no bytes") {
        TempDir cases;
        TempDir ev;
        const auto file = ev / "empty.bin";
        test::write_file(file, "");
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto reg = store::register_evidence(cf, file, "tester");
        CHECK(reg.info.sha256 == openssl_sha256(file));
        CHECK(reg.info.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(reg.info.size == 0);
    }

    TEST_CASE("registering leaves the evidence bytes, times and its folder untouched") {
        TempDir cases;
        TempDir ev;
        const auto file = ev / "mmssms.db";
        const auto content = evidence_bytes(300'000, 11);
        test::write_file(file, content);
        test::write_file(ev / "mmssms.db-wal", evidence_bytes(4096, 12));
        // Access time before modification time, so a relatime mount would update it on a plain read.
        const timespec times[2] = {{978307200, 0}, {1009843200, 123456789}};
        REQUIRE(::utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
        const auto before = file_times(file);
        const auto folder = listing(ev.path());
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        (void)store::register_evidence(cf, file, "tester");
        (void)store::register_evidence(cf, ev / "mmssms.db-wal", "tester");
        (void)store::verify_evidence(cf, "tester");
        const auto after = file_times(file);
        CHECK(after.mtime.tv_sec == before.mtime.tv_sec);
        CHECK(after.mtime.tv_nsec == before.mtime.tv_nsec);
        CHECK(after.atime.tv_sec == before.atime.tv_sec);
        CHECK(after.atime.tv_nsec == before.atime.tv_nsec);
        CHECK(test::read_file(file) == content);
        CHECK(listing(ev.path()) == folder);
    }

    TEST_CASE("the same bytes registered twice, even from another path, are one evidence row") {
        TempDir cases;
        TempDir ev;
        const auto first = ev / "export.zip";
        const auto bytes = evidence_bytes(10'000, 3);
        test::write_file(first, bytes);
        std::filesystem::create_directory(ev / "copy");
        const auto second = ev / "copy" / "renamed.zip";
        test::write_file(second, bytes);
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto a = store::register_evidence(cf, first, "tester");
        const auto b = store::register_evidence(cf, second, "tester");
        const auto c = store::register_evidence(cf, first, "tester");
        CHECK(a.newly_registered);
        CHECK_FALSE(b.newly_registered);
        CHECK_FALSE(c.newly_registered);
        CHECK(b.info.id == a.info.id);
        CHECK(b.info.original_name == "export.zip"); // the first registration stands
        CHECK(store::list_evidence(cf.db()).size() == 1);
        // The second sighting is not silent: the audit log names the other path.
        const auto seen = audit_rows(cf, "evidence.seen_again");
        REQUIRE(seen.size() == 2);
        CHECK(nlohmann::json::parse(seen[0].params)["path"] ==
              std::filesystem::absolute(second).lexically_normal().string());
        // Different bytes are a second row.
        test::write_file(ev / "other.zip", bytes + "x");
        CHECK(store::register_evidence(cf, ev / "other.zip", "tester").newly_registered);
        CHECK(store::list_evidence(cf.db()).size() == 2);
    }

    TEST_CASE("verify reports unchanged, then changed after one flipped byte, then missing") {
        TempDir cases;
        TempDir ev;
        const auto file = ev / "calls.db";
        const auto keep = ev / "contacts.db";
        test::write_file(file, evidence_bytes(50'000, 5));
        test::write_file(keep, evidence_bytes(60'000, 6));
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto reg = store::register_evidence(cf, file, "tester");
        (void)store::register_evidence(cf, keep, "tester");

        auto results = store::verify_evidence(cf, "tester");
        REQUIRE(results.size() == 2);
        CHECK(results[0].state == store::VerifyState::unchanged);
        CHECK(results[0].actual_sha256 == reg.info.sha256);
        CHECK(results[1].state == store::VerifyState::unchanged);

        auto bytes = test::read_file(file);
        bytes[25'000] = static_cast<char>(bytes[25'000] ^ 0x01);
        test::write_file(file, bytes);
        results = store::verify_evidence(cf, "tester");
        REQUIRE(results.size() == 2);
        CHECK(results[0].state == store::VerifyState::changed);
        CHECK(results[0].actual_sha256 == openssl_sha256(file));
        CHECK(results[0].actual_sha256 != reg.info.sha256);
        CHECK(results[0].detail.find(openssl_sha256(file)) != std::string::npos);
        CHECK(results[1].state == store::VerifyState::unchanged);

        std::filesystem::remove(file);
        results = store::verify_evidence(cf, "tester");
        REQUIRE(results.size() == 2);
        CHECK(results[0].state == store::VerifyState::missing);
        CHECK(results[0].detail.find(reg.info.original_path) != std::string::npos);
        CHECK(results[1].state == store::VerifyState::unchanged);

        // A folder now standing where the file was cannot be hashed.
        std::filesystem::create_directory(file);
        results = store::verify_evidence(cf, "tester");
        CHECK(results[0].state == store::VerifyState::unreadable);
        CHECK(results[0].detail.find(file.string()) != std::string::npos);

        // Each verification is in the audit log with its per-file outcome, and the chain holds.
        const auto verifies = audit_rows(cf, "evidence.verify");
        REQUIRE(verifies.size() == 4);
        const auto states = [&](std::size_t i) {
            const auto j = nlohmann::json::parse(verifies[i].params);
            return j["results"][0]["state"].get<std::string>() + "/" +
                   j["results"][1]["state"].get<std::string>();
        };
        CHECK(states(0) == "unchanged/unchanged");
        CHECK(states(1) == "changed/unchanged");
        CHECK(states(2) == "missing/unchanged");
        CHECK(states(3) == "unreadable/unchanged");
        CHECK(store::audit_verify(cf.db()).intact);
    }

    TEST_CASE("the audit log records each registration with its hash and path") {
        TempDir cases;
        TempDir ev;
        const auto file = ev / "sms.xml";
        test::write_file(file, "<smses count=\"0\"/>");
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto reg = store::register_evidence(cf, file, "alice", {.region = "RO"});
        const auto rows = audit_rows(cf, "evidence.register");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].actor == "alice");
        const auto p = nlohmann::json::parse(rows[0].params);
        CHECK(p["sha256"] == openssl_sha256(file));
        CHECK(p["evidence_id"] == reg.info.id);
        CHECK(p["size"] == reg.info.size);
        CHECK(p["region"] == "RO");
        CHECK(p["path"] == reg.info.original_path);
        CHECK(store::audit_verify(cf.db()).intact);
    }

    TEST_CASE("a directory, a missing file or an unreadable file is refused with an error naming the path") {
        TempDir cases;
        TempDir ev;
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        const auto dir = ev / "a folder";
        std::filesystem::create_directory(dir);
        const std::string dir_error = dir.string() + ": not a regular file";
        CHECK_THROWS_WITH(store::register_evidence(cf, dir, "tester"), doctest::Contains(dir_error.c_str()));
        const auto missing = ev / "nowhere.db";
        CHECK_THROWS_WITH(store::register_evidence(cf, missing, "tester"),
                          doctest::Contains(missing.c_str()));
        if (::geteuid() != 0) {
            const auto locked = ev / "locked.db";
            test::write_file(locked, "secret");
            std::filesystem::permissions(locked, std::filesystem::perms::none);
            CHECK_THROWS_WITH(store::register_evidence(cf, locked, "tester"),
                              doctest::Contains(locked.c_str()));
        } else {
            MESSAGE("running as root: permission bits cannot make a file unreadable, that case is skipped");
        }
        CHECK(store::list_evidence(cf.db()).empty());
        CHECK(audit_rows(cf, "evidence.register").empty());
    }

    TEST_CASE("a named pipe is refused at once, not waited on") {
        // Extracted file systems contain FIFOs; opening one for reading blocks until a writer comes.
        TempDir cases;
        TempDir ev;
        const auto fifo = ev / "pipe";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        auto cf = store::CaseFile::create(cases / "c.case", {}, "tester");
        auto pending = std::async(std::launch::async, [&] {
            try {
                (void)store::register_evidence(cf, fifo, "tester");
                return std::string("registered");
            } catch (const std::exception& e) {
                return std::string(e.what());
            }
        });
        const bool finished = pending.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
        if (!finished) {
            // Release the blocked open so the test can report instead of hanging.
            const int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (w >= 0)
                ::close(w);
        }
        CHECK(finished);
        const auto outcome = pending.get();
        CHECK(outcome.find(fifo.string()) != std::string::npos);
        CHECK(outcome.find("not a regular file") != std::string::npos);
    }
}
