// Reading the tables around `message` in an iOS sms.db (see ios_sms_tables.hpp).
#include "ios_sms_tables.hpp"

#include "evidence_owner.hpp"
#include "sqlite_util.hpp"

#include <algorithm>

namespace casegraph::ingest::ios_sms {

bool is_tapback(std::int64_t t) {
    return (t >= 2000 && t <= 2006) || (t >= 3000 && t <= 3006);
}

std::string_view tapback_name(std::int64_t t) {
    static constexpr std::string_view names[] = {"love",      "like",     "dislike", "laugh",
                                                 "emphasize", "question", "emoji"};
    return names[(t % 1000) % 7];
}

std::string target_guid(const std::string& g) {
    if (const auto slash = g.find('/'); slash != std::string::npos)
        return g.substr(slash + 1);
    if (const auto colon = g.find(':'); colon != std::string::npos)
        return g.substr(colon + 1);
    return g;
}

Handles read_handles(const store::Db& db, const std::set<std::string>& cols, ImportContext& ctx) {
    Handles out;
    auto st = db.prepare("SELECT " + select_list(cols, {"ROWID", "id", "country"}) + " FROM handle");
    while (st.step()) {
        Handle h;
        TextCells cells(st);
        h.id = cells.text(1);
        h.email = h.id.find('@') != std::string::npos;
        h.region = row_region(ctx, cells.opt(2));
        cells.report(ctx, "sqlite:handle/rowid=" + std::to_string(st.column_int64(0)));
        out[st.column_int64(0)] = std::move(h); // a repeated ROWID: the last row wins, as it always did
    }
    return out;
}

std::unordered_map<std::int64_t, Chat> read_chats(const store::Db& db, ImportContext& ctx) {
    std::unordered_map<std::int64_t, Chat> out;
    if (!has_table(db, "chat"))
        return out;
    const auto cols = table_columns(db, "chat");
    auto st = db.prepare("SELECT " + select_list(cols, {"ROWID", "guid", "chat_identifier", "display_name"}) +
                         " FROM chat");
    while (st.step()) {
        Chat ch;
        TextCells cells(st);
        ch.guid = cells.text(1);
        ch.identifier = cells.text(2);
        ch.display_name = cells.text(3);
        cells.report(ctx, "sqlite:chat/rowid=" + std::to_string(st.column_int64(0)));
        out[st.column_int64(0)] = std::move(ch);
    }
    if (has_table(db, "chat_handle_join")) {
        auto j = db.prepare("SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id");
        while (j.step())
            if (const auto it = out.find(j.column_int64(0)); it != out.end())
                it->second.handles.push_back(j.column_int64(1));
    }
    return out;
}

namespace {

// Keeps the first element of each run of equal keys (the rows arrive in the query's order; a stable
// sort by the integer key keeps that order within a key) and returns how many were dropped.
template <class T, class Key> std::int64_t first_per_key(std::vector<T>& v, Key key) {
    auto less = [&](const T& a, const T& b) { return key(a) < key(b); };
    if (!std::is_sorted(v.begin(), v.end(), less))
        std::stable_sort(v.begin(), v.end(), less);
    const auto end =
        std::unique(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) == key(b); });
    const auto dropped = static_cast<std::int64_t>(v.end() - end);
    v.erase(end, v.end());
    v.shrink_to_fit();
    return dropped;
}

} // namespace

void ChatIndex::read(const store::Db& db, ImportContext& ctx) {
    std::int64_t multi_chat = 0;
    if (has_table(db, "chat_message_join")) {
        chat_of_.reserve(static_cast<std::size_t>(db.scalar_int("SELECT count(*) FROM chat_message_join")));
        auto st =
            db.prepare("SELECT chat_id, message_id FROM chat_message_join ORDER BY message_id, chat_id");
        while (st.step())
            chat_of_.emplace_back(st.column_int64(1), st.column_int64(0));
        multi_chat = first_per_key(chat_of_, [](const auto& p) { return p.first; });
        ctx.note("chat_message_join_rows_without_message",
                 db.scalar_int("SELECT count(*) FROM chat_message_join WHERE message_id NOT IN (SELECT "
                               "ROWID FROM message)"));
    }
    if (multi_chat > 0)
        ctx.note("messages_in_several_chats", multi_chat);
    // iOS 16+ "Recently Deleted": a deleted message leaves chat_message_join for this table and stays
    // recoverable for 30 days. Such rows are evidence of deletion and are flagged as deleted.
    if (has_table(db, "chat_recoverable_message_join")) {
        const auto rcols = table_columns(db, "chat_recoverable_message_join");
        auto st = db.prepare("SELECT " + select_list(rcols, {"chat_id", "message_id", "delete_date"}) +
                             " FROM chat_recoverable_message_join ORDER BY message_id, chat_id");
        while (st.step())
            recoverable_.push_back(
                {st.column_int64(1), st.column_int64(0), st.column_opt_int64(2).value_or(0)});
        (void)first_per_key(recoverable_, [](const Deleted& d) { return d.message; });
        ctx.note("recently_deleted_messages", static_cast<std::int64_t>(recoverable_.size()));
        // A message in neither join takes the chat it was deleted from.
        const auto joined = static_cast<std::ptrdiff_t>(chat_of_.size());
        for (const auto& d : recoverable_)
            if (!std::binary_search(chat_of_.begin(), chat_of_.begin() + joined, std::pair{d.message, d.chat},
                                    [](const auto& a, const auto& b) { return a.first < b.first; }))
                chat_of_.emplace_back(d.message, d.chat);
        std::inplace_merge(chat_of_.begin(), chat_of_.begin() + joined, chat_of_.end());
    }
}

std::optional<std::int64_t> ChatIndex::chat_of(std::int64_t message) const {
    const auto it = std::lower_bound(chat_of_.begin(), chat_of_.end(), message,
                                     [](const auto& p, std::int64_t m) { return p.first < m; });
    if (it == chat_of_.end() || it->first != message)
        return std::nullopt;
    return it->second;
}

std::optional<std::int64_t> ChatIndex::recoverable(std::int64_t message) const {
    const auto it = std::lower_bound(recoverable_.begin(), recoverable_.end(), message,
                                     [](const Deleted& d, std::int64_t m) { return d.message < m; });
    if (it == recoverable_.end() || it->message != message)
        return std::nullopt;
    return it->date;
}

Tapbacks read_tapbacks(const store::Db& db, const std::set<std::string>& mcols,
                       const std::function<std::string(std::int64_t)>& locator_of, std::int64_t& count) {
    Tapbacks out;
    count = 0;
    if (mcols.count("associated_message_type") == 0)
        return out;
    // `<> 0` keeps every row whose integer value can be a tapback, whatever its storage class, and skips
    // the ordinary messages (0) without handing them over; is_tapback decides exactly.
    auto st = db.prepare("SELECT " +
                         select_list(mcols, {"ROWID", "associated_message_type", "handle_id", "is_from_me",
                                             "date", "associated_message_guid"}) +
                         " FROM message WHERE associated_message_type <> 0 ORDER BY ROWID");
    while (st.step()) {
        const auto t = st.column_opt_int64(1);
        if (!t || !is_tapback(*t))
            continue;
        Tapback tb{st.column_int64(0), *t, st.column_int64(2), st.column_int64(3) != 0,
                   st.column_int64(4), ""};
        tb.locator = locator_of(tb.rowid);
        out[target_guid(st.column_text(5))].push_back(std::move(tb));
        ++count;
    }
    return out;
}

nlohmann::json tapbacks_json(const std::vector<Tapback>& list, const Handles& handles,
                             const ImportContext& ctx) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& tb : list) {
        nlohmann::json j{{"reaction", tapback_name(tb.type)},
                         {"removed", tb.type >= 3000},
                         {"associated_message_type", tb.type},
                         {"locator", ctx.locator(tb.locator)},
                         {"from_me", tb.from_me}};
        if (tb.date != 0)
            j["time"] = store::format_utc_ms(*apple_time_auto(tb.date, "message.date").utc_ms);
        if (!tb.from_me)
            if (const auto h = handles.find(tb.handle_id); h != handles.end())
                j["from"] = h->second.id;
        out.push_back(std::move(j));
    }
    return out;
}

std::unordered_map<std::int64_t, nlohmann::json> read_attachments(const store::Db& db, ImportContext& ctx) {
    std::unordered_map<std::int64_t, nlohmann::json> out;
    if (!has_table(db, "attachment") || !has_table(db, "message_attachment_join"))
        return out;
    const auto cols = table_columns(db, "attachment");
    const std::vector<std::string> wanted{"ROWID",     "guid",          "filename",
                                          "mime_type", "transfer_name", "total_bytes",
                                          "uti",       "is_outgoing",   "created_date"};
    std::string sel;
    for (const auto& wc : wanted)
        sel += std::string(sel.empty() ? "" : ", ") + (cols.count(wc) ? "a.\"" + wc + "\"" : "NULL");
    auto st = db.prepare("SELECT j.message_id, " + sel +
                         " FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id "
                         "ORDER BY j.message_id, a.ROWID");
    while (st.step()) {
        nlohmann::json a;
        TextCells cells(st);
        a["attachment_rowid"] = st.column_int64(1);
        for (std::size_t i = 1; i < wanted.size(); ++i) {
            const int col = static_cast<int>(i) + 1;
            if (st.column_is_null(col))
                continue;
            if (wanted[i] == "total_bytes" || wanted[i] == "is_outgoing" || wanted[i] == "created_date")
                a[wanted[i]] = st.column_int64(col);
            else
                a[wanted[i]] = cells.text(col);
        }
        cells.report(ctx, "sqlite:attachment/rowid=" + std::to_string(st.column_int64(1)));
        out[st.column_int64(0)].push_back(std::move(a));
    }
    return out;
}

} // namespace casegraph::ingest::ios_sms
