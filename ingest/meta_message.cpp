// Meta chat messages as events (see meta_message.hpp): who sent a message and to whom, its time, body,
// media (linked to the archive member by its uri), shares, reactions, calls, unsent messages, and
// membership notices. A malformed message is an error at its JSON pointer; the rest still imports.
#include "meta_message.hpp"

#include "json_values.hpp"
#include "text_encoding.hpp"

namespace casegraph::ingest::meta {
namespace {

namespace sj = simdjson::ondemand;

void repair_all(nlohmann::json& j, std::int64_t* count) {
    if (j.is_string()) {
        if (auto fixed = repair_utf8_mojibake(j.get_ref<const std::string&>())) {
            j = std::move(*fixed);
            ++*count;
        }
    } else if (j.is_structured()) {
        for (auto& el : j)
            repair_all(el, count);
    }
}

std::string text_of(const nlohmann::json& f, const char* key) {
    auto it = f.find(key);
    return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Which Meta app wrote the export. The JSON does not say; only Instagram leaves traces (its invite links,
// its folder name), so anything else is "meta" rather than a guess.
std::string app_of(const Input& input, const Thread& t) {
    const std::string where = lower(input.display_name + " " + input.member);
    const std::string extra = t.extra.dump();
    if (where.find("instagram") != std::string::npos || extra.find("ig.me/") != std::string::npos)
        return "instagram";
    if (where.find("facebook") != std::string::npos || where.find("messenger") != std::string::npos)
        return "messenger";
    return "meta";
}

// The media arrays of a message and the kind each one holds.
constexpr std::pair<const char*, const char*> kMediaKeys[] = {
    {"photos", "photo"}, {"videos", "video"}, {"audio_files", "audio"}, {"files", "file"}, {"gifs", "gif"}};

// Keys this version interprets; the others are kept verbatim in attrs.extra.
bool is_known_key(const std::string& k) {
    for (const char* known :
         {"sender_name", "timestamp_ms", "content", "type", "is_unsent", "call_duration", "missed", "share",
          "reactions", "users", "sticker", "photos", "videos", "audio_files", "files", "gifs"})
        if (k == known)
            return true;
    return false;
}

} // namespace

std::string repaired(const std::string& s, std::int64_t* count) {
    if (auto fixed = repair_utf8_mojibake(s)) {
        if (count)
            ++*count;
        return *fixed;
    }
    return s;
}

void read_message(sj::value v, Message& m) {
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
        if (e != simdjson::INCORRECT_TYPE)
            throw json_od::JsonError(e, "message");
        m.problems.push_back("the message is not a JSON object");
        return;
    }
    for (auto field : obj) {
        sj::field f = json_od::take(std::move(field), "message field");
        const std::string key(json_od::take(f.unescaped_key(), "message key"));
        try {
            m.fields[key] = json_od::to_json(f.value(), 1);
        } catch (const json_od::JsonError& e) {
            if (!e.recoverable())
                throw;
            m.problems.push_back(key + ": " + e.what());
        }
    }
    repair_all(m.fields, &m.repaired_strings);
}

Writer::Writer(const Input& input, ImportContext& ctx, const Thread& thread)
    : input_(input), ctx_(ctx), thread_(thread),
      names_(ctx, "meta-json:" + ctx.writer().evidence_sha256(), "meta-json") {
    app_ = app_of(input, thread);
    const auto src = ctx.writer().source(ctx.locator("json:"));
    std::set<std::string> names(thread.participants.begin(), thread.participants.end());
    names.insert(thread.senders.begin(), thread.senders.end());
    const bool grouped = thread.thread_type.find("Group") != std::string::npos;
    std::string inferred;
    if (ctx.options().owner.empty() && !grouped && thread.participants.size() == 2 && !thread.title.empty()) {
        // A one-to-one thread is titled with the other person's name: the participant who is not the
        // title is the exporting user.
        const auto& a = thread.participants[0];
        const auto& b = thread.participants[1];
        if ((a == thread.title) != (b == thread.title))
            inferred = a == thread.title ? b : a;
    }
    names_.settle(names, inferred, grouped, src);
    for (const auto& problem : thread.problems)
        ctx.warning("json:", "thread field not read: " + problem);
    for (const auto& p : thread.participants)
        if (!p.empty())
            (void)names_.party(p, src); // every participant is an entity, even one who never wrote
}

void Writer::write(const Message& m, std::size_t k) {
    const std::string inner = "json:/messages/" + std::to_string(k);
    ctx_.record(inner, [&] { write_record(m, inner); });
}

void Writer::media(const nlohmann::json& f, const std::string& inner, store::EventRecord& e) {
    nlohmann::json list = nlohmann::json::array();
    auto add = [&](const nlohmann::json& item, const char* kind) {
        if (!item.is_object())
            return;
        nlohmann::json md = item;
        md["kind"] = kind;
        const std::string uri = text_of(item, "uri");
        const ArchiveSibling* found = nullptr;
        if (!uri.empty() && input_.siblings)
            for (const auto& s : *input_.siblings)
                if (s.path == uri || ends_with(s.path, "/" + uri))
                    found = &s;
        link_or_mark_missing(ctx_, found, e, inner, md, media_linked_, media_missing_);
        list.push_back(std::move(md));
    };
    for (const auto& [key, kind] : kMediaKeys)
        if (auto it = f.find(key); it != f.end() && it->is_array())
            for (const auto& item : *it)
                add(item, kind);
    if (auto it = f.find("sticker"); it != f.end())
        add(*it, "sticker");
    if (!list.empty())
        e.attrs["media"] = std::move(list);
}

void Writer::write_record(const Message& m, const std::string& inner) {
    if (!m.problems.empty()) {
        ++malformed_;
        std::string what;
        for (const auto& p : m.problems)
            what += (what.empty() ? "" : "; ") + p;
        throw std::runtime_error(input_.display_name + " " + inner + ": malformed message (" + what + ")");
    }
    auto& w = ctx_.writer();
    const auto& f = m.fields;
    const auto src = w.source(ctx_.locator(inner));
    store::EventRecord e;
    e.app = app_;
    e.thread = !thread_.thread_path.empty() ? thread_.thread_path
               : !thread_.title.empty()     ? thread_.title
                                            : input_.display_name;
    if (!thread_.title.empty())
        e.attrs["chat_name"] = thread_.title;
    if (!thread_.thread_type.empty())
        e.attrs["thread_type"] = thread_.thread_type;
    repaired_ += m.repaired_strings;
    if (m.repaired_strings > 0)
        e.attrs["mojibake_repaired"] = true;

    // Time: milliseconds since the epoch, UTC.
    const auto ts = f.find("timestamp_ms");
    std::int64_t ms = 0;
    if (ts != f.end() && ts->is_number_integer()) {
        ms = ts->get<std::int64_t>();
        e.time = store::time_from_unix_ms(ms, std::to_string(ms), "meta timestamp_ms", "ms");
    } else if (ts != f.end() && ts->is_string() && json_od::parse_int(ts->get<std::string>(), &ms)) {
        e.time = store::time_from_unix_ms(ms, ts->get<std::string>(), "meta timestamp_ms", "ms");
    } else {
        ++no_time_;
        const std::string raw = ts == f.end() ? std::string() : ts->dump();
        ctx_.warning(inner, ts == f.end()
                                ? "message has no timestamp_ms: imported without a time"
                                : "timestamp_ms " + raw + " is not a number: imported without a time");
        e.time.raw = raw;
        e.time.rule = "meta: no timestamp";
    }

    const std::string sender = text_of(f, "sender_name");
    const std::int64_t from = sender.empty() ? 0 : names_.party(sender, src);
    e.direction = names_.direction(from);
    if (auto it = f.find("content"); it != f.end() && it->is_string())
        e.body = it->get<std::string>();
    const std::string type = text_of(f, "type");
    if (!type.empty())
        e.attrs["meta_type"] = type;
    // json_od::to_json keeps literals as text ("true"), as the Telegram reader always has.
    if (auto it = f.find("is_unsent"); it != f.end() && (*it == true || *it == "true")) {
        ++unsent_;
        e.deleted = true; // unsent: the sender removed it for everyone; what the export still holds is kept
        e.attrs["unsent"] = true;
    }
    nlohmann::json extra = nlohmann::json::object();
    for (const auto& [k, v] : f.items())
        if (!is_known_key(k))
            extra[k] = v;
    if (!extra.empty())
        e.attrs["extra"] = std::move(extra);

    // Whom a message is addressed to: the other person of a one-to-one thread, or the exporting user.
    const std::int64_t to = names_.recipient(from, sender, src);

    const bool membership = type == "Subscribe" || type == "Unsubscribe" ||
                            (type.empty() && f.contains("users") && f["users"].is_array());
    if (type == "Call") {
        ++calls_;
        e.kind = "call";
        if (auto it = f.find("call_duration"); it != f.end())
            e.attrs["duration_seconds"] = *it;
        if (auto it = f.find("missed"); it != f.end())
            e.attrs["missed"] = *it;
        if (from != 0)
            e.parties.push_back({from, "caller"});
        if (to != 0 && to != from)
            e.parties.push_back({to, "callee"});
    } else if (membership) {
        ++system_;
        e.kind = "system";
        e.attrs["system"] = type == "Unsubscribe" ? "left" : type == "Subscribe" ? "joined" : "members";
        std::set<std::int64_t> seen;
        if (from != 0 && seen.insert(from).second)
            e.parties.push_back({from, "participant"});
        if (auto it = f.find("users"); it != f.end() && it->is_array())
            for (const auto& u : *it)
                if (const std::string name = text_of(u, "name"); !name.empty())
                    if (const auto id = names_.party(name, src); seen.insert(id).second)
                        e.parties.push_back({id, "participant"});
    } else {
        ++messages_;
        e.kind = "message";
        if (from == 0)
            ctx_.warning(inner, "message names no sender (no sender_name)");
        else
            e.parties.push_back({from, "sender"});
        if (to != 0 && to != from)
            e.parties.push_back({to, "recipient"});
    }
    if (auto it = f.find("share"); it != f.end() && it->is_object()) {
        e.attrs["share"] = *it;
        if (const std::string link = text_of(*it, "link"); !link.empty())
            w.identifier("url", link, src);
    }
    if (auto it = f.find("reactions"); it != f.end() && it->is_array() && !it->empty()) {
        e.attrs["reactions"] = *it;
        for (const auto& r : *it) {
            ++reactions_;
            const std::string actor = text_of(r, "actor");
            if (actor.empty())
                continue;
            const auto id = names_.party(actor, src);
            bool present = false;
            for (const auto& p : e.parties)
                present = present || p.entity_id == id;
            if (!present)
                e.parties.push_back({id, "participant"}); // reacted to it
        }
    }
    media(f, inner, e);
    w.event(e, src);
}

void Writer::finish() {
    auto& c = ctx_;
    c.note("app", app_);
    c.note("chat_kind", names_.group() ? "group" : "one-to-one");
    c.note("participants", static_cast<std::int64_t>(thread_.participants.size()));
    c.note("messages", messages_);
    c.note("system_messages", system_);
    c.note("calls", calls_);
    c.note("malformed_messages", malformed_);
    c.note("unsent", unsent_);
    c.note("reactions", reactions_);
    c.note("messages_without_time", no_time_);
    c.note("mojibake_repaired_strings", repaired_);
    c.note("media_linked", media_linked_);
    c.note("media_missing", media_missing_);
    if (!thread_.extra.empty())
        c.note("thread_fields", thread_.extra);
    if (!names_.inferred_owner().empty())
        c.note("exporting_user_inferred",
               names_.inferred_owner() + " (the participant of a one-to-one thread who is not its title)");
    if (media_missing_ > 0)
        c.warning("json:",
                  std::to_string(media_missing_) +
                      " media file(s) referenced by uri are not in this evidence (flagged media_missing)");
}

} // namespace casegraph::ingest::meta
