// The parts of the meta-json importer below the file walk: one message copied out of the document, the
// thread it belongs to, and the writer that turns a message into events. Internal to cg_ingest.
#pragma once

#include "chat_names.hpp"
#include "importer.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <simdjson.h>
#include <string>
#include <vector>

namespace casegraph::ingest::meta {

// `s` with Meta's byte-per-code-point escaping undone when that is what it is (see
// repair_utf8_mojibake); `*count` is incremented when it was repaired.
[[nodiscard]] std::string repaired(const std::string& s, std::int64_t* count);

// What the first pass learns about the thread.
struct Thread {
    std::vector<std::string> participants; // repaired display names, in file order
    std::set<std::string> senders;         // every sender_name seen, repaired
    std::string title, thread_type, thread_path;
    nlohmann::json extra = nlohmann::json::object(); // other top-level keys, kept for the notes
    std::vector<std::string> problems;               // thread fields that could not be read (warnings)
    bool has_messages = false;
};

// One element of `messages`, its fields as JSON (strings repaired), bounded by the message's size.
struct Message {
    nlohmann::json fields = nlohmann::json::object();
    std::vector<std::string> problems; // why the message is malformed, if it is
    std::int64_t repaired_strings = 0;
};

// Reads one message value. Type-level problems are collected in m.problems; structural errors throw.
void read_message(simdjson::ondemand::value v, Message& m);

class Writer {
  public:
    Writer(const Input& input, ImportContext& ctx, const Thread& thread);
    // Writes messages[k] inside its own record.
    void write(const Message& m, std::size_t k);
    // Notes and summary warnings once every message is written.
    void finish();

  private:
    void write_record(const Message& m, const std::string& inner);
    void media(const nlohmann::json& f, const std::string& inner, store::EventRecord& e);

    const Input& input_;
    ImportContext& ctx_;
    const Thread& thread_;
    NamedChat names_; // scoped "meta-json:<sha256>": names meaningful in this export only
    std::string app_; // messenger | instagram | meta (not told by the file)
    std::int64_t messages_ = 0, system_ = 0, calls_ = 0, malformed_ = 0, unsent_ = 0, reactions_ = 0;
    std::int64_t no_time_ = 0, repaired_ = 0, media_linked_ = 0, media_missing_ = 0;
};

} // namespace casegraph::ingest::meta
