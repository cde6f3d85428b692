// Reading one Telegram message out of the export (see telegram_message.hpp): every field copied into a
// small struct, its text from a string or an array of text entities; type problems are collected, not thrown.
#include "telegram_message.hpp"

namespace casegraph::ingest::telegram {
namespace {

namespace sj = simdjson::ondemand;

// `text` / `text_entities`: a string, or an array of strings and {type, text, ...} objects.
void read_text(sj::value v, Message& m) {
    if (take(v.type(), "text") == sj::json_type::string) {
        m.text = std::string(take(v.get_string(), "text"));
        m.has_text = true;
        return;
    }
    std::string text;
    for (auto el : take(v.get_array(), "text")) {
        sj::value part = take(std::move(el), "text part");
        if (take(part.type(), "text part") == sj::json_type::string) {
            text += take(part.get_string(), "text part");
            continue;
        }
        TextEntity te;
        for (auto field : take(part.get_object(), "text entity")) {
            sj::field f = take(std::move(field), "text entity");
            const std::string_view key = take(f.unescaped_key(), "text entity key");
            auto value = scalar(f.value(), "text entity field");
            if (!value)
                continue;
            if (key == "type")
                te.type = *value;
            else if (key == "text")
                te.text = *value;
            else if (key == "href")
                te.href = *value;
            else if (key == "user_id")
                te.user_id = *value;
        }
        text += te.text;
        if (te.type != "plain")
            m.entities.push_back(std::move(te));
    }
    m.text = std::move(text);
    m.has_text = true;
}

} // namespace

void read_message(sj::value v, Message& m) {
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
        if (e != simdjson::INCORRECT_TYPE)
            throw JsonError(e, "message");
        m.problems.push_back("the message is not a JSON object");
        return;
    }
    for (auto field : obj) {
        sj::field f = take(std::move(field), "message field");
        const std::string key(take(f.unescaped_key(), "message key"));
        sj::value value = f.value();
        try {
            auto str = [&]() { return scalar(value, key.c_str()); };
            if (key == "id")
                m.id = str();
            else if (key == "type")
                m.type = str();
            else if (key == "date")
                m.date = str();
            else if (key == "date_unixtime")
                m.date_unixtime = str();
            else if (key == "edited")
                m.edited = str();
            else if (key == "edited_unixtime")
                m.edited_unixtime = str();
            else if (key == "from")
                m.from = str();
            else if (key == "from_id")
                m.from_id = str();
            else if (key == "actor")
                m.actor = str();
            else if (key == "actor_id")
                m.actor_id = str();
            else if (key == "action")
                m.action = str();
            else if (key == "title")
                m.title = str();
            else if (key == "forwarded_from")
                m.forwarded_from = str();
            else if (key == "saved_from")
                m.saved_from = str();
            else if (key == "reply_to_message_id")
                m.reply_to_message_id = str();
            else if (key == "duration_seconds")
                m.duration_seconds = str();
            else if (key == "discard_reason")
                m.discard_reason = str();
            else if (key == "via_bot")
                m.via_bot = str();
            else if (key == "photo")
                m.photo = str();
            else if (key == "file")
                m.file = str();
            else if (key == "file_name")
                m.file_name = str();
            else if (key == "media_type")
                m.media_type = str();
            else if (key == "mime_type")
                m.mime_type = str();
            else if (key == "sticker_emoji")
                m.sticker_emoji = str();
            else if (key == "width")
                m.width = str();
            else if (key == "height")
                m.height = str();
            else if (key == "text")
                read_text(value, m);
            else if (key == "text_entities")
                continue; // the same content as `text`, always as objects: `text` is read instead
            else if (key == "members") {
                for (auto el : take(value.get_array(), "members")) {
                    auto name = scalar(take(std::move(el), "member"), "member");
                    if (name)
                        m.members.push_back(*name);
                }
            } else
                m.extra[key] = to_json(value, 0);
        } catch (const JsonError& e) {
            if (!e.recoverable())
                throw;
            m.problems.push_back(e.what());
        }
    }
}

} // namespace casegraph::ingest::telegram
