// JSON scanner and per-element parser (see json_scan.hpp).
#include "json_scan.hpp"

#include "json_values.hpp"
#include "text_encoding.hpp"

namespace casegraph::ingest::json_od {

void Scanner::ws() {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        ++pos_;
    }
}

char Scanner::peek() {
    ws();
    return pos_ < text_.size() ? text_[pos_] : '\0';
}

void Scanner::fail(const char* what) const {
    // Running out of text is a truncated file; anything else is a malformed one.
    throw JsonError(pos_ >= text_.size() ? simdjson::INCOMPLETE_ARRAY_OR_OBJECT : simdjson::TAPE_ERROR,
                    std::string("expected ") + what);
}

void Scanner::expect(char c, const char* what) {
    if (peek() != c)
        fail(what);
    ++pos_;
}

void Scanner::skip_string() {
    ++pos_; // the opening quote
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == '\\') {
            pos_ += 2;
            continue;
        }
        ++pos_;
        if (c == '"')
            return;
    }
    pos_ = text_.size();
    fail("the end of a string");
}

void Scanner::begin_object() {
    expect('{', "an object");
    seen_.push_back(false);
}

bool Scanner::next_key(std::string& key) {
    if (peek() == '}' && !seen_.empty()) {
        ++pos_;
        seen_.pop_back();
        return false;
    }
    if (seen_.empty())
        fail("an open object");
    if (seen_.back())
        expect(',', "a comma or '}' after an object member");
    if (peek() != '"')
        fail("a member name");
    const std::size_t start = pos_ + 1;
    skip_string();
    key.assign(text_.substr(start, pos_ - 1 - start));
    expect(':', "a colon after a member name");
    seen_.back() = true;
    return true;
}

void Scanner::begin_array() {
    expect('[', "an array");
    seen_.push_back(false);
}

bool Scanner::next_element() {
    if (peek() == ']' && !seen_.empty()) {
        ++pos_;
        seen_.pop_back();
        return false;
    }
    if (seen_.empty())
        fail("an open array");
    if (seen_.back())
        expect(',', "a comma or ']' after an array element");
    seen_.back() = true;
    return true;
}

std::string_view Scanner::value() {
    const char c = peek();
    const std::size_t start = pos_;
    if (c == '"') {
        skip_string();
    } else if (c == '{' || c == '[') {
        // Nesting is counted, not matched: the element's own parser checks that brackets pair up.
        std::size_t depth = 0;
        while (pos_ < text_.size()) {
            const char ch = text_[pos_];
            if (ch == '"') {
                skip_string();
                continue;
            }
            ++pos_;
            if (ch == '{' || ch == '[') {
                ++depth;
            } else if (ch == '}' || ch == ']') {
                if (--depth == 0)
                    return text_.substr(start, pos_ - start);
            }
        }
        fail("the end of a value");
    } else if (c == '\0' || c == ',' || c == ':' || c == '}' || c == ']') {
        fail("a value");
    } else {
        // A number or literal: up to the next separator; the element's parser says whether it is one.
        while (pos_ < text_.size()) {
            const char ch = text_[pos_];
            if (ch == ',' || ch == '}' || ch == ']' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
                break;
            ++pos_;
        }
    }
    return text_.substr(start, pos_ - start);
}

simdjson::ondemand::value ElementParser::parse(std::string_view element, const char* what) {
    buf_.assign(1, '[');
    replaced_ = 0;
    if (simdjson::validate_utf8(element.data(), element.size()))
        buf_.append(element);
    else
        buf_.append(utf8_lossy(element, &replaced_));
    buf_.push_back(']');
    const std::size_t len = buf_.size();
    buf_.append(simdjson::SIMDJSON_PADDING, ' ');
    if (auto e = parser_.iterate(buf_.data(), len, buf_.size()).get(doc_))
        throw JsonError(e, what);
    simdjson::ondemand::array arr = take(doc_.get_array(), what);
    return take(arr.at(0), what);
}

} // namespace casegraph::ingest::json_od
