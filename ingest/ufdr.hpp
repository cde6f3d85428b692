// Internal to the ufdr importer (Cellebrite UFDR / UFED report.xml, DOMAIN.md §2.7): reading one decoded
// model's fields (ufdr_values.cpp), turning models into events (ufdr_models.cpp) and walking the report
// (ufdr.cpp). Also the hook by which the ingest loop treats a whole .ufdr zip as one report.
#pragma once

#include "archive.hpp"
#include "importer.hpp"
#include "xml_stream.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace casegraph::ingest {

// The member that makes an extracted archive a Cellebrite .ufdr: the shallowest `report.xml` (any case)
// whose content the ufdr importer recognises; nullptr when the archive is something else. The ingest
// loop then imports only that member: the other members are the files the report was decoded from
// (hashed and recorded as members, linked from the messages that reference them), and importing a
// msgstore.db among them again would double every message the report already holds.
[[nodiscard]] const ArchiveMember* ufdr_report(const ExtractedArchive& archive);

namespace ufdr {

// ---- reading one model (ufdr_values.cpp) ----

// A <field>/<multiField> value: text as found (Base64String values decoded), "" for <empty/>.
struct FieldValue {
    std::string text;
    std::string raw;      // the text as found (before Base64 decoding)
    bool present = false; // a <value> element was there
    bool base64 = false;  // it was declared Base64String and decoded
    std::string problem;  // why a Base64String could not be decoded (the raw text is kept)
};

[[nodiscard]] FieldValue field_value(const XmlNode& model, std::string_view name);
// Trimmed text of a field, "" when absent or empty.
[[nodiscard]] std::string field(const XmlNode& model, std::string_view name);
[[nodiscard]] std::vector<std::string> multi_field(const XmlNode& model, std::string_view name);
// The <model> inside <modelField name=…>, or nullptr (also for <empty/>).
[[nodiscard]] const XmlNode* model_field(const XmlNode& model, std::string_view name);
// The <model>s inside every <multiModelField name=…> (a name may repeat).
[[nodiscard]] std::vector<const XmlNode*> multi_model(const XmlNode& model, std::string_view name);
// The target ids of <jumptargets>: the taggedFiles/file (or model) ids the model was decoded from.
[[nodiscard]] std::vector<std::string> jump_targets(const XmlNode& model);

// Copies the non-empty fields named in `names` ({field, key}) into attrs[key].
void copy_fields(const XmlNode& model, nlohmann::json& attrs,
                 std::initializer_list<std::pair<const char*, const char*>> names);

// Base64 (RFC 4648, padding optional, whitespace ignored); nullopt when it is not Base64.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

// A UFED time: ISO 8601 with an offset (the norm), "dd-MMM-yy HH:mm:ss ±hh:mm" or
// "dd/MM/yyyy HH:mm:ss ±hh:mm" (both seen by IPED). A time without offset is read in `zone` (--tz),
// flagged assumed (chat_time.hpp, which writes its flags into `attrs`); nullopt (with `problem` set)
// for anything else.
[[nodiscard]] std::optional<store::EventTime> parse_time(std::string_view raw, std::string_view zone,
                                                         std::string& problem, nlohmann::json& attrs);
// "00:01:05" (hh:mm:ss, hours may exceed 24) or plain seconds; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_duration(std::string_view raw);
// A decimal degree with '.' or ',' as the decimal mark; nullopt when not a number in [-limit, limit].
[[nodiscard]] std::optional<double> parse_degrees(std::string_view raw, double limit);

// A path inside the report's archive as UFED writes it ("files\Audio\x.opus"): '/'-separated, or
// nullopt when it is absolute or climbs out with "..": such a path is refused, never looked up.
[[nodiscard]] std::optional<std::string> safe_member_path(std::string_view raw);

// ---- turning models into events (ufdr_report.cpp, ufdr_records.cpp) ----

[[nodiscard]] std::string lower(std::string_view s);
// The store's app name for a UFED Source ("WhatsApp Business" -> whatsapp), `fallback` when empty.
[[nodiscard]] std::string app_name(std::string_view source, std::string_view fallback);

// A Party model resolved to its entity.
struct PartyRef {
    std::int64_t entity = 0;
    bool owner = false;  // IsPhoneOwner
    bool system = false; // "System message": not a person
    std::string raw;     // identifier (or name) as found
    std::string role;    // PartyRole: From, To, …
};

// Where the report lives: its own locator prefix, the archive members beside it and how to reach them.
struct Place {
    std::string prefix; // put before every "xml:" locator ("" or "zip:report.xml!" when self-extracted)
    std::string dir;    // the report's folder inside the archive ("" at the root)
    const std::vector<ArchiveSibling>* members = nullptr; // null for a bare report.xml
};

class Report {
  public:
    Report(ImportContext& ctx, Place place);
    ~Report();
    Report(const Report&) = delete;
    Report& operator=(const Report&) = delete;

    // Project level (ufdr.cpp hands these over as it meets them).
    void project(const XmlNode& root_attrs);
    void metadata(const XmlNode& section, const std::string& inner);
    void extractions(const XmlNode& node);
    void case_information(const XmlNode& node);
    void tagged_file(const XmlNode& file, const std::string& inner);

    // One decoded model outside a chat (Contact, SMS, Call, UserAccount, Location, InstantMessage, …).
    void model(const XmlNode& m, const std::string& inner, const std::string& type_hint);
    // A Chat, streamed: its own fields and participants first, then each message on its own.
    void chat_begin(const XmlNode& chat_attrs, const std::string& inner);
    void chat_child(const XmlNode& child);
    void chat_message(const XmlNode& m, const std::string& inner);
    void chat_end();

    // Notes and the per-type warnings, once at the end (also after a break in the XML).
    void finish(std::int64_t replaced_chars, const std::string& root_inner);
    // The root element's locator ("xml:/project"), where file-level facts are recorded.
    void root(const std::string& inner) { root_inner_ = inner; }
    [[nodiscard]] bool started() const { return models_ > 0 || device_written_; }

    // The chat being read.
    struct Chat {
        std::string inner;
        XmlNode node; // the chat's start tag and every child but its messages
        bool written = false;
        std::string app, thread;
        std::vector<PartyRef> participants;
        std::int64_t group = 0;       // the chat's own entity (a WhatsApp group), 0 for one-to-one chats
        std::int64_t owner_party = 0; // the participant marked IsPhoneOwner
    };

  private:
    // The owner (and the device record) is written before the first model, outside any record's
    // savepoint, so a failing record can never undo the entity every later record names.
    void ensure_owner();
    void write_device(std::int64_t src);
    [[nodiscard]] std::string loc(const std::string& inner) const;
    PartyRef party(const XmlNode* p, const std::string& app, std::int64_t src);
    std::int64_t identity(const std::string& raw, const std::string& name, const std::string& app,
                          std::int64_t src);
    nlohmann::json base_attrs(const XmlNode& m) const;
    // An event of a model: its kind, app, attrs.ufdr, deleted flag and the time in `time_field`.
    store::EventRecord begin_event(const XmlNode& m, const std::string& inner, std::string kind,
                                   std::string app, std::string_view time_field);
    // Counts it (per type, deleted) and writes it.
    void write_event(const store::EventRecord& e, const std::string& type, std::int64_t src);
    std::optional<store::EventTime> time_of(const XmlNode& m, std::string_view name, const std::string& inner,
                                            nlohmann::json& attrs);
    std::optional<std::string> body_of(const XmlNode& m, std::string_view name, const std::string& inner,
                                       nlohmann::json& attrs);
    nlohmann::json attachments(const XmlNode& m, const std::string& inner, const store::EventRecord& e);
    void position(const XmlNode& m, const store::EventRecord& e, std::int64_t src);
    void add_recipients(store::EventRecord& e, const std::vector<PartyRef>& to, const Chat* chat,
                        std::int64_t sender, bool outgoing);
    const ArchiveSibling* member(const std::string& raw_path, const std::string& inner);

    void message(const XmlNode& m, const std::string& inner, const Chat* chat);
    void sms(const XmlNode& m, const std::string& inner, bool mms);
    void call(const XmlNode& m, const std::string& inner);
    void contact(const XmlNode& m, const std::string& inner, bool account);
    void location(const XmlNode& m, const std::string& inner);
    void write_chat();

    ImportContext& ctx_;
    Place place_;
    std::string sha_;
    std::string root_inner_ = "xml:/";
    std::string device_inner_;                             // the first Device Info metadata section
    std::map<std::string, std::string> device_;            // Device Info items (first value of each name)
    nlohmann::json device_all_ = nlohmann::json::object(); // every metadata section, every item
    std::map<std::string, std::string> extractions_;       // extractionId -> name
    std::unordered_map<std::string, const ArchiveSibling*> by_path_;
    std::unordered_map<std::string, const ArchiveSibling*> by_file_id_; // taggedFiles/file id -> member
    std::set<std::string> linked_members_;
    std::map<std::string, int> media_seq_; // member path -> media events sourced at it so far
    bool device_written_ = false;
    std::int64_t owner_ = 0;
    std::int64_t device_entity_ = 0;
    std::unique_ptr<Chat> chat_;
    std::int64_t models_ = 0;
    std::map<std::string, std::int64_t> imported_;                             // model type -> count
    std::map<std::string, std::pair<std::int64_t, std::string>> not_imported_; // type -> count, first
    std::int64_t deleted_ = 0, attachments_ = 0, linked_ = 0, missing_ = 0, refused_ = 0;
    std::int64_t tagged_files_ = 0;
};

} // namespace ufdr
} // namespace casegraph::ingest
