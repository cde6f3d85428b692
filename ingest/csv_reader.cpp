// Tolerant CSV reading (see csv_reader.hpp). Real bank exports break RFC 4180 in small ways; the reader
// keeps every byte somewhere and flags the record instead of guessing silently.
#include "csv_reader.hpp"

#include "text_encoding.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

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

RecordReader::RecordReader(std::function<std::string()> more, char delimiter)
    : more_(std::move(more)), d_(delimiter) {}

namespace {
// Thrown inside a record when the buffer ends before the text does: the record is read again from its
// start once the next chunk is in.
struct NeedMore {};
} // namespace

// True at the end of the text; throws NeedMore at the end of the buffer when more text may follow.
bool RecordReader::end(std::size_t p) {
    if (p < buf_.size())
        return false;
    if (eof_)
        return true;
    throw NeedMore{};
}

bool RecordReader::next(Row& row) {
    while (true) {
        const auto start = pos_;
        const auto start_line = line_;
        try {
            if (end(pos_))
                return false;
            Row r = record(true);
            if (r.unterminated) {
                // An opening quote that never closes would swallow the rest of the file: re-read this one
                // physical line with quotes as plain text instead.
                pos_ = start;
                line_ = start_line;
                r = record(false);
                r.unterminated = true;
            }
            row = std::move(r);
            return true;
        } catch (const NeedMore&) {
            pos_ = start;
            line_ = start_line;
            buf_.erase(0, pos_);
            pos_ = 0;
            auto chunk = more_();
            if (chunk.empty())
                eof_ = true;
            buf_ += chunk;
        }
    }
}

// Consumes a line break at pos_ if there is one (CRLF, LF or a lone CR).
bool RecordReader::line_break() {
    if (!end(pos_) && buf_[pos_] == '\r') {
        ++pos_;
        if (!end(pos_) && buf_[pos_] == '\n')
            ++pos_;
        ++line_;
        return true;
    }
    if (!end(pos_) && buf_[pos_] == '\n') {
        ++pos_;
        ++line_;
        return true;
    }
    return false;
}

bool RecordReader::at_field_end(std::size_t p) {
    return end(p) || buf_[p] == d_ || buf_[p] == '\r' || buf_[p] == '\n';
}

Row RecordReader::record(bool quotes) {
    // A quoted field that spans this many lines is an opening quote that never closes.
    constexpr std::size_t kMaxQuotedLines = 200;
    Row r;
    r.line = line_;
    std::string field;
    bool in_quotes = false;
    bool was_quoted = false;
    while (true) {
        if (end(pos_)) {
            if (in_quotes) {
                r.unterminated = true;
                return r;
            }
            r.fields.push_back(std::move(field));
            r.end_line = line_;
            break;
        }
        const char c = buf_[pos_];
        if (in_quotes) {
            if (c == '"') {
                if (!end(pos_ + 1) && buf_[pos_ + 1] == '"') {
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
                // Stop here (the caller re-reads the line) rather than rescan the rest of the file per
                // stray quote.
                if (line_ - r.line >= kMaxQuotedLines) {
                    r.unterminated = true;
                    return r;
                }
                const auto b = pos_;
                line_break();
                field.append(buf_, b, pos_ - b);
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

std::vector<Row> read(std::string_view text, char delimiter) {
    RecordReader reader([t = std::string(text)]() mutable { return std::exchange(t, std::string()); },
                        delimiter);
    std::vector<Row> rows;
    Row r;
    while (reader.next(r))
        rows.push_back(std::move(r));
    return rows;
}

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::size_t read_some(std::ifstream& in, std::string& buf, std::size_t n) {
    buf.resize(n);
    in.read(buf.data(), static_cast<std::streamsize>(n));
    buf.resize(static_cast<std::size_t>(in.gcount()));
    return buf.size();
}
} // namespace

std::string file_encoding(const std::filesystem::path& path, std::string_view forced) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot be read");
    std::string chunk, carry;
    bool first = true, bom = false, utf8 = forced.empty() || forced == "utf-8", c1 = false;
    while (read_some(in, chunk, 1 << 20) > 0) {
        std::string_view s = chunk;
        if (first) {
            bom = s.substr(0, 3) == kBom;
            if (bom)
                s.remove_prefix(3);
            first = false;
        }
        c1 = c1 || std::any_of(s.begin(), s.end(), [](char c) {
                 const auto u = static_cast<unsigned char>(c);
                 return u >= 0x80 && u <= 0x9F;
             });
        if (!utf8)
            continue;
        // A sequence cut by the chunk's end is validated with the next chunk.
        std::string data = carry + std::string(s);
        std::size_t cut = data.size();
        for (std::size_t k = 1; k <= 3 && k <= data.size(); ++k) {
            const auto u = static_cast<unsigned char>(data[data.size() - k]);
            if ((u & 0xC0) == 0x80)
                continue;
            const std::size_t need = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
            if (need > k)
                cut = data.size() - k;
            break;
        }
        utf8 = is_valid_utf8(std::string_view(data).substr(0, cut));
        carry = data.substr(cut);
    }
    utf8 = utf8 && is_valid_utf8(carry);
    if (forced == "windows-1252" || forced == "cp1252")
        return "windows-1252";
    if (forced == "iso-8859-1" || forced == "latin1" || forced == "iso-8859-15")
        return "iso-8859-1";
    if (utf8)
        return bom ? "utf-8-bom" : "utf-8";
    return c1 ? "windows-1252" : "iso-8859-1";
}

FileText::FileText(const std::filesystem::path& path, std::string encoding, std::size_t chunk)
    : in_(std::make_shared<std::ifstream>(path, std::ios::binary)), encoding_(std::move(encoding)),
      chunk_(chunk) {
    if (!*in_)
        throw std::runtime_error("cannot be read");
}

std::string FileText::operator()() {
    std::string bytes;
    if (read_some(*in_, bytes, chunk_) == 0)
        return {};
    if (first_ && std::string_view(bytes).substr(0, 3) == kBom)
        bytes.erase(0, 3);
    first_ = false;
    if (bytes.empty()) // a file that is only a BOM
        return (*this)();
    if (encoding_ == "windows-1252")
        return cp1252_to_utf8(bytes);
    if (encoding_ == "iso-8859-1")
        return latin1_to_utf8(bytes);
    return bytes;
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
