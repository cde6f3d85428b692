// The controller's Telegram group with his recruiters and the women ("Flat 2 work"), exported by
// Telegram Desktop as HTML: ChatExport_2024-07-01/messages.html, messages2.html... 1000 messages a page,
// date separators as service messages, "joined" messages for a sender's run, pagination links.
#include "more_formats.hpp"

namespace casegraph::demo::detail {

namespace {

constexpr std::int64_t kPerPage = 1000;

std::string html_text(std::string_view s) {
    std::string o;
    for (const char ch : s) {
        if (ch == '&')
            o += "&amp;";
        else if (ch == '<')
            o += "&lt;";
        else if (ch == '>')
            o += "&gt;";
        else if (ch == '\n')
            o += "<br>";
        else
            o += ch;
    }
    return o;
}

std::string initials(const std::string& name) {
    std::string o(1, name[0]);
    if (const auto space = name.find(' '); space != std::string::npos && space + 1 < name.size())
        o += name[space + 1];
    return o;
}

std::string day_title(const Date& d) {
    return std::to_string(d.d) + " " + month_name(d.m) + " " + std::to_string(d.y);
}

void page_head(std::ofstream& out, const std::string& title) {
    out << "<!DOCTYPE html>\n<html>\n\n <head>\n\n  <meta charset=\"utf-8\"/>\n<title>Exported "
           "Data</title>\n\n"
        << "  <meta content=\"width=device-width, initial-scale=1.0\" name=\"viewport\"/>\n\n"
        << "  <link href=\"css/style.css\" rel=\"stylesheet\"/>\n\n"
        << "  <script src=\"js/script.js\" type=\"text/javascript\">\n\n  </script>\n\n </head>\n\n"
        << " <body onload=\"CheckLocation();\">\n\n  <div class=\"page_wrap\">\n\n"
        << "   <div class=\"page_header\">\n\n    <div class=\"content\">\n\n     <div class=\"text bold\">\n"
        << title << "\n     </div>\n\n    </div>\n\n   </div>\n\n"
        << "   <div class=\"page_body chat_page\">\n\n    <div class=\"history\">\n\n";
}

std::string page_name(std::int64_t page) {
    return page == 0 ? "messages.html" : "messages" + std::to_string(page + 1) + ".html";
}

} // namespace

Files write_telegram_html(const std::filesystem::path& root, const Cast& cast, const Plan& plan,
                          std::int64_t n, std::uint64_t seed) {
    const auto dir = root / "ChatExport_2024-07-01";
    std::filesystem::create_directories(dir);
    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::telegram_html));
    const auto members = group_members(cast, true);
    const std::string title = "Flat 2 work";
    const std::int64_t pages = (n + kPerPage - 1) / kPerPage;
    std::int64_t separator = 0;
    for (std::int64_t p = 0; p < pages; ++p) {
        const auto file = dir / page_name(p);
        auto out = open_text(file);
        page_head(out, title);
        if (p > 0)
            out << "     <a class=\"pagination block_link\" href=\"" << page_name(p - 1)
                << "\">\nPrevious messages\n     </a>\n\n";
        std::int64_t last_day = -1;
        std::size_t last_sender = members.size();
        const std::int64_t end = std::min(n, (p + 1) * kPerPage);
        for (std::int64_t i = p * kPerPage; i < end; ++i) {
            const std::int64_t t = spread_time(plan, i, n, rng);
            const std::size_t m = group_sender(i, members.size(), rng);
            const Contact& who = *members[m];
            const LocalTime lt = london_local(t);
            const std::int64_t day = days_from_civil(lt.date.y, lt.date.m, lt.date.d);
            if (day != last_day) {
                out << "     <div class=\"message service\" id=\"message-" << ++separator
                    << "\">\n\n      <div class=\"body details\">\n"
                    << day_title(lt.date) << "\n      </div>\n\n     </div>\n\n";
                last_day = day;
                last_sender = members.size();
            }
            const bool joined = m == last_sender;
            last_sender = m;
            out << "     <div class=\"message default clearfix" << (joined ? " joined" : "")
                << "\" id=\"message" << i + 1 << "\">\n\n";
            if (!joined)
                out << "      <div class=\"pull_left userpic_wrap\">\n\n       <div class=\"userpic userpic"
                    << m % 8 + 1 << "\" style=\"width: 42px; height: 42px\">\n\n"
                    << "        <div class=\"initials\" style=\"line-height: 42px\">\n"
                    << initials(who.name) << "\n        </div>\n\n       </div>\n\n      </div>\n\n";
            out << "      <div class=\"body\">\n\n       <div class=\"pull_right date details\" title=\""
                << pad_digits(lt.date.d, 2) << "." << pad_digits(lt.date.m, 2) << "." << lt.date.y << " "
                << pad_digits(lt.hh, 2) << ":" << pad_digits(lt.mm, 2) << ":"
                << pad_digits((t / 1000) % 60, 2) << " UTC" << london_offset(t) << "\">\n"
                << pad_digits(lt.hh, 2) << ":" << pad_digits(lt.mm, 2) << "\n       </div>\n\n";
            if (!joined)
                out << "       <div class=\"from_name\">\n" << html_text(who.name) << "\n       </div>\n\n";
            out << "       <div class=\"text\">\n"
                << html_text(sms_body(m == 0 ? Role::victim : who.role, m == 0, rng))
                << "\n       </div>\n\n      </div>\n\n     </div>\n\n";
        }
        if (p + 1 < pages)
            out << "     <a class=\"pagination block_link\" href=\"" << page_name(p + 1)
                << "\">\nNext messages\n     </a>\n\n";
        out << "    </div>\n\n   </div>\n\n  </div>\n\n </body>\n\n</html>\n";
        finish_text(out, file);
    }
    return {{dir, "telegram-html", "controller Telegram Desktop", "telegram-html:" + cast.controller.name}};
}

} // namespace casegraph::demo::detail
