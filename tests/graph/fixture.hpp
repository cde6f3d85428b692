// Hand-built case fixtures for the graph tests: named phones and accounts, messages and payments at
// given times, written through ImportWriter exactly as an importer would, with links derived after.
#pragma once

#include "graph/case_data.hpp"
#include "graph/filter.hpp"
#include "graph/indicators.hpp"
#include "store/case_file.hpp"
#include "store/writer.hpp"
#include "support/test_support.hpp"

#include <map>
#include <memory>
#include <string>

namespace casegraph::test {

class GraphFixture {
  public:
    GraphFixture();
    // Adds a second evidence file; later events go into it (for corroboration tests).
    void next_evidence(const std::string& name);
    // A phone entity "+4477009000NN" labelled `name` (created on first use).
    std::int64_t phone(const std::string& name);
    // A bank account entity with this IBAN, labelled `name`.
    std::int64_t account(const std::string& name, const std::string& iban);
    // Events; ms is Unix milliseconds. Return the event id.
    std::int64_t message(const std::string& from, const std::string& to, std::int64_t ms);
    std::int64_t call(const std::string& from, const std::string& to, std::int64_t ms);
    std::int64_t pay(const std::string& payer, const std::string& payee, std::int64_t minor, std::int64_t ms,
                     const std::string& currency = "GBP", const std::string& text = {});
    // A cash deposit: a payment into `payee` with no payer party (so no link, only the event).
    std::int64_t deposit(const std::string& payee, std::int64_t minor, std::int64_t ms,
                         const std::string& text);
    // A person from a contact card that lists `phone_name`'s number (owner ↔ participant link).
    std::int64_t contact_card(const std::string& person, const std::string& phone_name, std::int64_t ms);
    // A phone number seen only as raw text in this evidence (no region to read it by): scoped, unmerged.
    std::int64_t raw_phone(const std::string& name, const std::string& raw);
    // A chat handle (scope "whatsapp") whose display name is `display`.
    std::int64_t handle(const std::string& name, const std::string& display);
    // A message with text (for mined mentions and the chat indicators).
    std::int64_t say(const std::string& from, const std::string& to, std::int64_t ms,
                     const std::string& body);
    // A contact card with no time at all (most address books): undated.
    std::int64_t undated_card(const std::string& person, const std::string& phone_name);
    // A chat system line ("Your security code with X changed") of a WhatsApp-like `system` kind.
    std::int64_t system_line(const std::string& body, const std::string& system_kind,
                             const std::string& thread, std::int64_t ms);
    // A location fix shared by `who` at (lat, lon).
    std::int64_t location(const std::string& who, double lat, double lon, std::int64_t ms);
    // The current evidence file's owner as `ingest --owner RAW` records it (import_run params).
    void set_owner(const std::string& raw);
    // The current evidence file's device placeholder (ingest/evidence_owner.cpp), named `name`.
    std::int64_t device_owner(const std::string& name);
    // A card as the Android importer writes it: in `owner_phone`'s address book, a person `key` labelled
    // `label` with `phone_name`'s number (owner: the phone; participants: the person and the number).
    std::int64_t address_book_card(const std::string& owner_phone, const std::string& key,
                                   const std::string& label, const std::string& phone_name);
    void tag(const std::string& name, const std::string& tag);
    // Derives links for everything written so far.
    void finish();
    [[nodiscard]] std::int64_t id(const std::string& name) const { return ids_.at(name); }
    [[nodiscard]] const store::Db& db() const { return cf->db(); }
    [[nodiscard]] const std::filesystem::path& case_path() const { return path_; }

    // Loads the case and builds the graph with a filter (default: everything).
    struct Loaded {
        graph::CaseData data;
        graph::CaseGraph g;
        graph::Vertex v(std::int64_t entity) const { return *g.vertex(entity); }
    };
    [[nodiscard]] std::unique_ptr<Loaded> load(const graph::Filter& f = {}) const;

    TempDir dir;

  private:
    std::filesystem::path path_;

  public:
    std::unique_ptr<store::CaseFile> cf;

  private:
    std::unique_ptr<store::ImportWriter> w_;
    std::vector<std::int64_t> runs_;
    std::map<std::string, std::int64_t> ids_;
    int next_phone_ = 1;
    int row_ = 0;
};

// A valid IBAN (check digits computed) from a country and a BBAN: iban("GB", "WEST12345698765432").
[[nodiscard]] std::string iban(const std::string& country, const std::string& bban);

// A valid GB IBAN numbered n (distinct n, distinct IBANs).
[[nodiscard]] std::string gb_iban(int n);

// Runs one indicator on the fixture's case (region GB unless opt names one).
[[nodiscard]] graph::IndicatorResult run_pattern(const GraphFixture& f, const std::string& name,
                                                 graph::IndicatorOptions opt = {});

// 2024-03-DD at HH:00 UTC in Unix ms.
[[nodiscard]] std::int64_t day_ms(int day, int hour = 12);

} // namespace casegraph::test
