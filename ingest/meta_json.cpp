// Meta "Download your information" chat JSON: Facebook Messenger and Instagram direct messages
// (message_1.json, message_2.json ...: participants, messages, title, thread_type). Meta escapes every
// UTF-8 byte of a text as its own \u00XX code point; strings are re-decoded (see repair_utf8_mojibake).
// Read with simdjson On-Demand in two forward passes (who takes part, then the messages), one message
// copied out at a time.
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "json_values.hpp"
#include "meta_message.hpp"
#include "text_encoding.hpp"

namespace casegraph::ingest {
namespace {

namespace sj = simdjson::ondemand;
using json_od::JsonError;
using json_od::take;

class MetaJson final : public Importer {
  public:
    std::string_view format() const override { return "meta-json"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Facebook Messenger / Instagram chat export (message_N.json)";
    }

    int detect(const Probe& p) const override {
        const auto keys = json_od::top_level_keys(p.head_text());
        const auto head = p.head_text();
        const bool meta_message = head.find("\"sender_name\"") != std::string_view::npos &&
                                  head.find("\"timestamp_ms\"") != std::string_view::npos;
        if (keys.count("messages") == 0 && keys.count("participants") == 0)
            return 0;
        if (keys.count("participants") && (keys.count("thread_path") || keys.count("magic_words")))
            return 95;
        return meta_message ? 90 : 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        const auto json = json_od::load_json(input);
        // Bytes that are not UTF-8 (simdjson refuses the whole file) are replaced by U+FFFD, said once.
        simdjson::padded_string lossy;
        simdjson::padded_string_view text = json.view();
        if (!simdjson::validate_utf8(text.data(), text.size())) {
            const std::string_view bytes(text.data(), text.size());
            std::size_t replaced = 0;
            lossy = simdjson::padded_string(utf8_lossy(bytes, &replaced));
            text = lossy;
            ctx.warning("json:", std::to_string(replaced) +
                                     " byte(s) that are not UTF-8 replaced by U+FFFD (the first at byte " +
                                     std::to_string(first_invalid_utf8(bytes)) + ")");
        }
        sj::parser parser;
        sj::document doc;
        auto fail = [&](simdjson::error_code code, std::size_t offset, const std::string& what) {
            return json_od::whole_file_error(input, text.size(), code, offset, what);
        };
        if (auto err = parser.iterate(text).get(doc))
            throw fail(err, 0, simdjson::error_message(err));
        const char* base = nullptr;
        if (doc.current_location().get(base))
            base = nullptr;
        auto offset = [&]() -> std::size_t {
            const char* loc = nullptr;
            if (base == nullptr || doc.current_location().get(loc) || loc < base)
                return text.size();
            return static_cast<std::size_t>(loc - base);
        };
        meta::Thread thread;
        try {
            survey(input, doc, thread);
            doc.rewind();
            meta::Writer writer(input, ctx, thread);
            messages(doc, writer);
            writer.finish();
        } catch (const JsonError& e) {
            throw fail(e.code(), offset(), e.what());
        }
    }

  private:
    // First pass: the thread's own fields and every name that takes part (participants and senders).
    static void survey(const Input& input, sj::document& doc, meta::Thread& t) {
        sj::object root;
        if (auto e = doc.get_object().get(root)) {
            if (e == simdjson::INCORRECT_TYPE)
                throw InputError("unsupported", input.display_name + ": the JSON root is not an object");
            throw JsonError(e, "root");
        }
        for (auto field : root) {
            sj::field f = take(std::move(field), "top-level field");
            const std::string key(take(f.unescaped_key(), "top-level key"));
            sj::value v = f.value();
            try {
                if (key == "participants") {
                    for (auto el : take(v.get_array(), "participants")) {
                        sj::value p = take(std::move(el), "participant");
                        sj::object po;
                        if (p.get_object().get(po)) {
                            t.problems.push_back("a participant that is not a {\"name\": ...} object");
                            continue;
                        }
                        for (auto pf : po) {
                            sj::field pfield = take(std::move(pf), "participant field");
                            if (take(pfield.unescaped_key(), "participant key") != "name")
                                continue;
                            if (auto name = json_od::scalar(pfield.value(), "participant name"))
                                t.participants.push_back(meta::repaired(*name, nullptr));
                        }
                    }
                } else if (key == "messages") {
                    t.has_messages = true;
                    for (auto el : take(v.get_array(), "messages")) {
                        sj::value m = take(std::move(el), "message");
                        sj::object mo;
                        if (m.get_object().get(mo))
                            continue; // the second pass reports it
                        for (auto mf : mo) {
                            sj::field mfield = take(std::move(mf), "message field");
                            if (take(mfield.unescaped_key(), "message key") != "sender_name")
                                continue;
                            std::string_view name;
                            if (!mfield.value().get_string().get(name))
                                t.senders.insert(meta::repaired(std::string(name), nullptr));
                        }
                    }
                } else if (key == "title" || key == "thread_type" || key == "thread_path") {
                    auto s = json_od::scalar(v, key.c_str()).value_or("");
                    (key == "title"         ? t.title
                     : key == "thread_type" ? t.thread_type
                                            : t.thread_path) = meta::repaired(s, nullptr);
                } else {
                    t.extra[key] = json_od::to_json(v, 0);
                }
            } catch (const JsonError& e) {
                if (!e.recoverable())
                    throw;
                t.problems.push_back("\"" + key + "\": " + e.what()); // the rest of the thread still reads
            }
        }
        if (!t.has_messages)
            throw InputError("unsupported", input.display_name + ": no \"messages\" array");
    }

    // Second pass: each message copied out and written inside its own record.
    static void messages(sj::document& doc, meta::Writer& writer) {
        sj::object root = take(doc.get_object(), "root");
        for (auto field : root) {
            sj::field f = take(std::move(field), "top-level field");
            if (take(f.unescaped_key(), "top-level key") != "messages")
                continue;
            std::size_t k = 0;
            for (auto el : take(f.value().get_array(), "messages")) {
                meta::Message m;
                meta::read_message(take(std::move(el), "message"), m);
                writer.write(m, k++);
            }
        }
    }
};

} // namespace

const Importer& meta_json_importer() {
    static const MetaJson instance;
    return instance;
}

} // namespace casegraph::ingest
