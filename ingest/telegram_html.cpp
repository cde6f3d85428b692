// Telegram Desktop HTML exports (DOMAIN.md §3.3): messages.html, messages2.html ... of one chat, in a folder
// or an archive; Telegram starts a new file every 1000 messages, so each page is parsed whole (libxml2's
// HTML parser) and its messages written in document order. HTML carries no user ids: senders are display
// names, scoped to the evidence file like the WhatsApp text export's.
#include "chat_names.hpp"
#include "chat_time.hpp"
#include "formats.hpp"
#include "telegram_html_page.hpp"
#include "text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace casegraph::ingest {
namespace {

namespace th = telegram_html;

std::string basename_of(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string dirname_of(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

// Media kinds that are a file of the export (the others, a contact or a poll, are content).
bool is_file_kind(std::string_view k) {
    for (std::string_view f :
         {"photo", "video_file", "animation", "sticker", "voice_message", "audio_file", "file", "video"})
        if (k == f)
            return true;
    return false;
}

class PageWriter {
  public:
    PageWriter(const Input& input, ImportContext& ctx, const th::Page& page)
        : input_(input), ctx_(ctx), page_(page),
          file_(basename_of(input.member.empty() ? input.display_name : input.member)),
          names_(ctx, "telegram-html:" + ctx.writer().evidence_sha256(), "telegram-html") {}

    void run() {
        resolve_senders();
        const auto src = ctx_.writer().source(ctx_.locator("html:" + file_));
        std::set<std::string> names;
        for (const auto& n : senders_)
            if (!n.empty())
                names.insert(n);
        // A personal chat is titled with the peer's name: with exactly two senders, the other one is the
        // exporting user.
        std::string inferred;
        if (ctx_.options().owner.empty() && names.size() == 2 && names.count(page_.chat_name))
            for (const auto& n : names)
                if (n != page_.chat_name)
                    inferred = n;
        names_.settle(names, inferred, false, src);
        if (!page_.chat_name.empty())
            ctx_.note("chat_name", page_.chat_name);
        for (std::size_t i = 0; i < page_.messages.size(); ++i)
            write(page_.messages[i], i);
        notes();
    }

  private:
    // Continuation ("joined") messages take the sender of the message before them in the same file:
    // Telegram never continues across a file or after a service message.
    void resolve_senders() {
        senders_.assign(page_.messages.size(), std::string());
        const std::string* previous = nullptr;
        for (std::size_t i = 0; i < page_.messages.size(); ++i) {
            const auto& m = page_.messages[i];
            if (m.service) {
                previous = nullptr;
                continue;
            }
            if (m.from_name)
                previous = &*m.from_name;
            if (previous != nullptr && (m.from_name || m.joined))
                senders_[i] = *previous;
        }
    }

    std::string inner_of(const th::Message& m) const {
        const std::string n = th::message_number(m.id);
        return "html:" + file_ + (n.empty() ? "#div" + std::to_string(m.number) : "#message" + n);
    }

    void write(const th::Message& m, std::size_t i) {
        if (m.service && starts_with(th::message_number(m.id), "-")) {
            // A date separator ("24 November 2026"), not a message: it dates the service messages after it.
            ++separators_;
            day_ = th::parse_day(m.service_text);
            day_raw_ = m.service_text;
            return;
        }
        const std::string inner = inner_of(m);
        if (m.unclosed)
            ctx_.warning(inner,
                         "the next div.message starts inside this one (a closing </div> is missing at line " +
                             std::to_string(m.line) +
                             " or after): this message is read up to there, the next on its own");
        ctx_.record(inner, [&] { write_record(m, senders_[i], inner); });
    }

    store::EventTime time_of(const th::Message& m, const std::string& inner, nlohmann::json& attrs) {
        if (m.service) {
            // Service messages carry no time of their own, only the day of the separator above them.
            if (day_) {
                store::Civil c;
                c.year = day_->year, c.month = day_->month, c.day = day_->day;
                if (store::civil_is_valid(c))
                    return store::time_from_date(c, day_raw_, "telegram-html date separator");
            }
            ctx_.warning(inner, "service message with no date separator above it: imported without a time");
            store::EventTime t;
            t.rule = "telegram-html: no date";
            return t;
        }
        if (!m.date_title) {
            ++no_time_;
            ctx_.warning(inner, "message has no date title: imported without a time");
            store::EventTime t;
            t.rule = "telegram-html: no date";
            return t;
        }
        const auto st = th::parse_stamp(*m.date_title);
        store::Civil c;
        if (st)
            c.year = st->year, c.month = st->month, c.day = st->day, c.hour = st->hour, c.minute = st->minute,
            c.second = st->second;
        if (!st || !store::civil_is_valid(c))
            throw std::runtime_error(input_.display_name + " " + inner + ": date title '" + *m.date_title +
                                     "' is not a date");
        if (st->offset_seconds) {
            store::EventTime t;
            t.utc_ms = store::civil_to_utc_ms(c, *st->offset_seconds);
            t.offset = store::format_offset(*st->offset_seconds);
            t.precision = "s";
            t.raw = *m.date_title;
            t.rule = "telegram-html date title with offset";
            attrs["wall_time"] = format_wall(c, true);
            return t;
        }
        ++no_offset_; // older exports: the exporting computer's wall clock, no offset
        return local_event_time(c, *m.date_title, ctx_.options().tz, "telegram-html date title", "s", attrs);
    }

    void links(const th::Message& m, std::int64_t src) {
        auto& w = ctx_.writer();
        for (const auto& l : m.links) {
            if (starts_with(l.href, "tel:"))
                w.identifier("phone", l.href.substr(4), src, ctx_.default_region());
            else if (starts_with(l.href, "mailto:"))
                w.identifier("email", l.href.substr(7), src);
            else if (starts_with(l.href, "http://") || starts_with(l.href, "https://"))
                w.identifier("url", l.href, src);
            if (l.text.size() > 1 && l.text[0] == '@')
                w.handle("telegram-username", l.text.substr(1), src, l.text);
        }
    }

    void media(const th::Message& m, const std::string& inner, store::EventRecord& e) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& md : m.media) {
            nlohmann::json j{{"kind", md.kind}};
            for (const auto& [k, v] :
                 {std::pair{"href", &md.href}, std::pair{"title", &md.title},
                  std::pair{"description", &md.description}, std::pair{"status", &md.status}})
                if (!v->empty())
                    j[k] = *v;
            const ArchiveSibling* found = nullptr;
            if (!md.href.empty() && input_.siblings && !starts_with(md.href, "http")) {
                const std::string want = dirname_of(input_.member) + md.href;
                for (const auto& s : *input_.siblings)
                    if (s.path == want)
                        found = &s;
            }
            // Not found: not exported ("Not included, change data exporting settings to download."), or a
            // file that is not part of this evidence; only file kinds are expected to have one.
            link_or_mark_missing(ctx_, found, e, inner, j, media_linked_, media_missing_,
                                 is_file_kind(md.kind));
            list.push_back(std::move(j));
        }
        if (!list.empty())
            e.attrs["media"] = std::move(list);
    }

    void write_record(const th::Message& m, const std::string& sender, const std::string& inner) {
        auto& w = ctx_.writer();
        const auto src = w.source(ctx_.locator(inner));
        store::EventRecord e;
        e.app = "telegram";
        e.thread = page_.chat_name.empty() ? input_.display_name : page_.chat_name;
        if (!page_.chat_name.empty())
            e.attrs["chat_name"] = page_.chat_name;
        if (const auto n = th::message_number(m.id); !n.empty())
            e.attrs["message_id"] = n;
        if (m.line > 0)
            e.attrs["html_line"] = m.line;
        e.time = time_of(m, inner, e.attrs);
        if (m.service) {
            ++service_;
            e.kind = "system";
            e.body = m.service_text;
            e.direction = "unknown";
            // Service texts start with the actor's name ("Alice invited Bob"): the names known in this file.
            std::set<std::int64_t> seen;
            for (const auto& name : std::set<std::string>(senders_.begin(), senders_.end()))
                if (!name.empty() && m.service_text.find(name) != std::string::npos)
                    if (const auto id = names_.party(name, src); seen.insert(id).second)
                        e.parties.push_back({id, "participant"});
            w.event(e, src);
            return;
        }
        if (m.joined)
            e.attrs["joined"] = true;
        for (const auto& [k, v] :
             {std::pair{"via_bot", &m.via_bot}, std::pair{"forwarded_from", &m.forwarded_from},
              std::pair{"forwarded_date", &m.forwarded_date}, std::pair{"reply_to_message_id", &m.reply_to},
              std::pair{"signature", &m.signature}})
            if (*v)
                e.attrs[k] = **v;
        if (m.forwarded_from)
            e.attrs["forwarded"] = true;
        if (m.text)
            e.body = *m.text;
        links(m, src);

        const std::int64_t from = sender.empty() ? 0 : names_.party(sender, src);
        e.direction = names_.direction(from);
        const std::int64_t to = names_.recipient(from, sender, src);
        const bool call = m.media.size() == 1 && m.media[0].kind == "call";
        if (call) {
            ++calls_;
            e.kind = "call";
            e.attrs["call_status"] = m.media[0].status;
            const auto& st = m.media[0].status;
            if (const auto p = st.find(" seconds)"); p != std::string::npos) {
                const auto open = st.rfind('(', p);
                if (open != std::string::npos)
                    e.attrs["duration_seconds"] = st.substr(open + 1, p - open - 1);
            }
            if (from != 0)
                e.parties.push_back({from, "caller"});
            if (to != 0 && to != from)
                e.parties.push_back({to, "callee"});
        } else {
            ++messages_;
            e.kind = "message";
            if (from == 0)
                ctx_.warning(inner, m.joined ? "continuation message with no earlier sender in this file: "
                                               "imported without a sender"
                                             : "message names no sender (no from_name)");
            else
                e.parties.push_back({from, "sender"});
            if (to != 0 && to != from)
                e.parties.push_back({to, "recipient"});
            media(m, inner, e);
        }
        w.event(e, src);
    }

    void notes() {
        auto& c = ctx_;
        c.note("messages", messages_);
        c.note("service_messages", service_);
        c.note("calls", calls_);
        c.note("date_separators", separators_);
        c.note("messages_without_time", no_time_);
        c.note("times_without_offset", no_offset_);
        c.note("media_linked", media_linked_);
        c.note("media_missing", media_missing_);
        c.note("chat_kind", names_.group() ? "group" : "one-to-one");
        c.note("identity", "HTML exports carry display names only, no user ids: senders are names scoped to "
                           "this evidence file");
        if (!names_.inferred_owner().empty())
            c.note("exporting_user_inferred",
                   names_.inferred_owner() + " (the sender who is not the chat's title)");
        if (no_offset_ > 0 && ctx_.options().tz.empty())
            c.warning("html:" + file_,
                      "times without a UTC offset are the exporting computer's wall clock and "
                      "no --tz was given: stored unconverted (flagged local_unconverted)");
        if (media_missing_ > 0)
            c.warning("html:" + file_, std::to_string(media_missing_) +
                                           " media file(s) were not exported or are not in this evidence "
                                           "(flagged media_missing)");
    }

    const Input& input_;
    ImportContext& ctx_;
    const th::Page& page_;
    std::string file_;
    NamedChat names_;                  // scoped "telegram-html:<sha256>": HTML has display names only
    std::vector<std::string> senders_; // per message, after continuation
    std::optional<th::Stamp> day_;
    std::string day_raw_;
    std::int64_t messages_ = 0, service_ = 0, calls_ = 0, separators_ = 0, no_time_ = 0, no_offset_ = 0;
    std::int64_t media_linked_ = 0, media_missing_ = 0;
};

class TelegramHtml final : public Importer {
  public:
    std::string_view format() const override { return "telegram-html"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Telegram Desktop HTML export (messages.html, messages2.html ...)";
    }

    int detect(const Probe& p) const override {
        const auto head = p.head_text();
        const bool chat_page = head.find("page_body chat_page") != std::string_view::npos;
        const bool history = head.find("class=\"history\"") != std::string_view::npos;
        const bool message = head.find("class=\"message ") != std::string_view::npos;
        if (chat_page && (history || message))
            return 90;
        return 0;
    }

    // Telegram Desktop writes UTF-8. A page that is not (edited, or saved by another tool) is read in the
    // charset it declares when that is Latin-1 / Windows-1252 (HTML reads both labels as Windows-1252),
    // else with each byte that is not UTF-8 replaced by U+FFFD; either way the page says so. The
    // evidence file itself is not touched.
    static std::string to_utf8(const std::string& html, std::size_t first_bad, const std::string& where,
                               ImportContext& ctx) {
        const auto line =
            1 + std::count(html.begin(), html.begin() + static_cast<std::ptrdiff_t>(first_bad), '\n');
        std::string head = html.substr(0, 2048);
        std::transform(head.begin(), head.end(), head.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string charset;
        if (const auto at = head.find("charset="); at != std::string::npos) {
            auto b = at + 8;
            while (b < head.size() && (head[b] == '"' || head[b] == '\''))
                ++b;
            auto e = b;
            while (e < head.size() &&
                   (std::isalnum(static_cast<unsigned char>(head[e])) || head[e] == '-' || head[e] == '_'))
                ++e;
            charset = head.substr(b, e - b);
        }
        if (charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252" ||
            charset == "cp1252" || charset == "us-ascii") {
            ctx.warning(where, "the page is not UTF-8 (first at line " + std::to_string(line) +
                                   ") and declares charset " + charset + ": read as Windows-1252");
            return cp1252_to_utf8(html);
        }
        std::size_t replaced = 0;
        std::string out = utf8_lossy(html, &replaced);
        ctx.warning(where, std::to_string(replaced) + " byte(s) that are not UTF-8 (first at line " +
                               std::to_string(line) +
                               (charset.empty() ? std::string() : ", declared charset " + charset) +
                               ") were replaced by U+FFFD");
        return out;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        std::ifstream in(input.path, std::ios::binary);
        if (!in)
            throw InputError("failed", input.display_name + ": cannot be opened");
        std::ostringstream buf;
        buf << in.rdbuf();
        std::string html = std::move(buf).str();
        const std::string where =
            "html:" + basename_of(input.member.empty() ? input.display_name : input.member);
        if (const auto bad = first_invalid_utf8(html); bad < html.size())
            html = to_utf8(html, bad, where, ctx);
        const th::Page page = th::read_page(html);
        if (!page.parsed)
            throw InputError("failed", input.display_name + ": not readable as HTML");
        if (page.messages.empty())
            throw InputError("unsupported", input.display_name + ": no div.message in this page");
        PageWriter(input, ctx, page).run();
    }
};

} // namespace

const Importer& telegram_html_importer() {
    static const TelegramHtml instance;
    return instance;
}

} // namespace casegraph::ingest
