// Tolerant CSV reading (see csv_reader.hpp). Real bank exports break RFC 4180 in small ways; the reader
// keeps every byte somewhere and flags the record instead of guessing silently.
#include "csv_reader.hpp"

#include "text_encoding.hpp"

#include <algorithm>
#include <map>

namespace casegraph::ingest::csv {

bool Row::blank() const {
    return std::all_of(fields.begin(), fields.end(),
                       [](const std::string& f) { return f.find_first_not_of(" \t") == std::string::npos; });
}

Decoded decode(std::string_view bytes, std::string_view forced) {
    Decoded d;
    const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
    if (bom)
        bytes.remove_prefix(3);
    if (forced == "windows-1252" || forced == "cp1252") {
        d.text = cp1252_to_utf8(bytes);
        d.encoding = "windows-1252";
    } else if (forced == "iso-8859-1" || forced == "latin1" || forced == "iso-8859-15") {
        d.text = latin1_to_utf8(bytes);
        d.encoding = "iso-8859-1";
    } else if ((forced.empty() || forced == "utf-8") && is_valid_utf8(bytes)) {
        d.text = std::string(bytes);
        d.encoding = bom ? "utf-8-bom" : "utf-8";
    } else {
        const bool c1 = std::any_of(bytes.begin(), bytes.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 && u <= 0x9F;
        });
        d.text = c1 ? cp1252_to_utf8(bytes) : latin1_to_utf8(bytes);
        d.encoding = c1 ? "windows-1252" : "iso-8859-1";
    }
    return d;
}

namespace {

class Reader {
  public:
    Reader(std::string_view s, char delim) : s_(s), d_(delim) {}

    std::vector<Row> run() {
        std::vector<Row> rows;
        while (pos_ < s_.size()) {
            const auto start = pos_;
            const auto start_line = line_;
            Row r = record(true);
            if (r.unterminated) {
                // An opening quote that never closes would swallow the rest of the file: re-read this one
                // physical line with quotes as plain text instead.
                pos_ = start;
                line_ = start_line;
                r = record(false);
                r.unterminated = true;
            }
            rows.push_back(std::move(r));
        }
        return rows;
    }

  private:
    // Consumes a line break at pos_ if there is one (CRLF, LF or a lone CR).
    bool line_break() {
        if (pos_ < s_.size() && s_[pos_] == '\r') {
            ++pos_;
            if (pos_ < s_.size() && s_[pos_] == '\n')
                ++pos_;
            ++line_;
            return true;
        }
        if (pos_ < s_.size() && s_[pos_] == '\n') {
            ++pos_;
            ++line_;
            return true;
        }
        return false;
    }
    bool at_field_end(std::size_t p) const {
        return p >= s_.size() || s_[p] == d_ || s_[p] == '\r' || s_[p] == '\n';
    }

    Row record(bool quotes) {
        Row r;
        r.line = line_;
        std::string field;
        bool in_quotes = false;
        bool was_quoted = false;
        while (true) {
            if (pos_ >= s_.size()) {
                if (in_quotes) {
                    r.unterminated = true;
                    return r;
                }
                r.fields.push_back(std::move(field));
                r.end_line = line_;
                break;
            }
            const char c = s_[pos_];
            if (in_quotes) {
                if (c == '"') {
                    if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
                        field.push_back('"');
                        pos_ += 2;
                    } else if (at_field_end(pos_ + 1)) {
                        in_quotes = false;
                        ++pos_;
                    } else {
                        // `"a "b" c"`: a quote inside a quoted field that is not doubled; kept as text.
                        field.push_back('"');
                        r.stray_quote = true;
                        ++pos_;
                    }
                } else if (c == '\r' || c == '\n') {
                    // A quoted field that spans this many lines is an opening quote that never closes: stop
                    // here (the caller re-reads the line) rather than rescan the rest of the file per stray
                    // quote.
                    if (line_ - r.line >= kMaxQuotedLines) {
                        r.unterminated = true;
                        return r;
                    }
                    const auto b = pos_;
                    line_break();
                    field.append(s_.substr(b, pos_ - b));
                } else {
                    field.push_back(c);
                    ++pos_;
                }
                continue;
            }
            if (c == d_) {
                r.fields.push_back(std::move(field));
                field.clear();
                was_quoted = false;
                ++pos_;
                continue;
            }
            if (c == '\r' || c == '\n') {
                r.fields.push_back(std::move(field));
                r.end_line = line_;
                line_break();
                break;
            }
            if (c == '"' && quotes && field.find_first_not_of(" \t") == std::string::npos && !was_quoted) {
                field.clear(); // blanks before an opening quote are not data
                in_quotes = true;
                was_quoted = true;
                ++pos_;
                continue;
            }
            if (c == '"')
                r.stray_quote = r.stray_quote || quotes;
            field.push_back(c);
            ++pos_;
        }
        return r;
    }

    static constexpr std::size_t kMaxQuotedLines = 200;
    std::string_view s_;
    char d_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

} // namespace

std::vector<Row> read(std::string_view text, char delimiter) {
    return Reader(text, delimiter).run();
}

char detect_delimiter(std::string_view text) {
    // Look at the first 40 records only: enough for a preamble, cheap on a huge file.
    std::size_t cut = 0;
    for (int n = 0; n < 40 && cut < text.size(); ++n) {
        const auto nl = text.find('\n', cut);
        cut = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    const auto head = text.substr(0, cut);
    char best = 0;
    std::size_t best_lines = 0;
    std::size_t best_fields = 0;
    for (const char d : {';', ',', '\t', '|'}) {
        std::map<std::size_t, std::size_t> by_count;
        for (const auto& r : read(head, d))
            if (!r.blank() && r.fields.size() >= 2)
                ++by_count[r.fields.size()];
        for (const auto& [fields, lines] : by_count)
            if (lines > best_lines || (lines == best_lines && fields > best_fields)) {
                best = d;
                best_lines = lines;
                best_fields = fields;
            }
    }
    return best;
}

} // namespace casegraph::ingest::csv
