// Helpers for SQLite evidence (see sqlite_util.hpp).
#include "sqlite_util.hpp"

#include "importer.hpp"
#include "text_encoding.hpp"

namespace casegraph::ingest {

std::set<std::string> table_columns(const store::Db& db, std::string_view table) {
    std::set<std::string> out;
    auto st = db.prepare("SELECT name FROM pragma_table_info(?1)");
    st.bind(1, table);
    while (st.step())
        out.insert(st.column_text(0));
    return out;
}

std::string int_key(const std::string& column) {
    return "coalesce(CAST(" + column + " AS INTEGER), 0)";
}

std::string int_key_order(const store::Db& db, const std::string& table, const std::string& column) {
    const bool odd = db.scalar_int("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE typeof(" + column +
                                   ") <> 'integer')") != 0;
    return odd ? int_key(column) : column;
}

bool has_table(const store::Db& db, std::string_view table) {
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    st.bind(1, table);
    return st.step();
}

std::string select_list(const std::set<std::string>& present, const std::vector<std::string>& wanted) {
    std::string out;
    for (const auto& w : wanted) {
        if (!out.empty())
            out += ", ";
        if (present.count(w) != 0)
            out += "\"" + w + "\"";
        else
            out += "NULL AS \"" + w + "\"";
    }
    return out;
}

std::set<std::int64_t> rowids(const store::Db& db, std::string_view table, std::string_view id_column) {
    std::set<std::int64_t> out;
    auto st = db.prepare("SELECT \"" + std::string(id_column) + "\" FROM \"" + std::string(table) + "\"");
    while (st.step())
        out.insert(st.column_int64(0));
    return out;
}

std::optional<std::string> TextCells::opt(int col) {
    auto v = st_.column_opt_text(col);
    if (v && !is_valid_utf8(*v)) {
        std::size_t n = 0;
        v = utf8_lossy(*v, &n);
        add(n, st_.column_name(col));
    }
    return v;
}

void TextCells::add(std::size_t replaced, std::string_view what) {
    if (replaced == 0)
        return;
    replaced_ += replaced;
    columns_ += (columns_.empty() ? "" : ", ") + std::string(what);
}

std::string TextCells::text(int col) {
    return opt(col).value_or(std::string());
}

void TextCells::report(ImportContext& ctx, std::string_view inner) const {
    if (replaced_ > 0)
        ctx.warning(inner, std::to_string(replaced_) + " byte(s) that are not UTF-8 replaced by U+FFFD (" +
                               columns_ + ")");
}

} // namespace casegraph::ingest
