// typedstream reading (see typedstream.hpp). Layout, as NSArchiver writes it:
//   header: signed byte 4 (stream version), shared-less string "streamtyped", int system version;
//   then type groups: a shared type-encoding string ("@", "+", "iI", ...) and one value per type char.
// Integers: one signed byte, or 0x81 + int16 LE, or 0x82 + int32 LE (0x83 introduces a float/double).
// 0x84 starts a new item (string, class or object), 0x85 is nil, 0x86 ends an object's contents; any
// other byte value at an item position is a reference: value - (-110) indexes what was read before.
// Shared strings and objects (classes included) have separate reference tables.
#include "typedstream.hpp"

#include <stdexcept>
#include <string_view>
#include <vector>

namespace casegraph::ingest::typedstream {
namespace {

constexpr std::uint8_t kInt16 = 0x81;
constexpr std::uint8_t kInt32 = 0x82;
constexpr std::uint8_t kFloat = 0x83;
constexpr std::uint8_t kNew = 0x84;
constexpr std::uint8_t kNil = 0x85;
constexpr std::uint8_t kEnd = 0x86;
constexpr std::int64_t kFirstReference = -110; // 0x92 as a signed byte
constexpr int kMaxDepth = 48;
constexpr std::size_t kMaxTable = 1 << 16;

struct Malformed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown to stop reading once the text is found: the rest (attribute runs) is not needed.
struct Found {};

class Reader {
  public:
    explicit Reader(std::span<const unsigned char> b) : b_(b) {}

    void header() {
        if (byte() != 4)
            throw Malformed("not a typedstream (version byte is not 4)");
        const auto len = integer();
        if (len != 11 || bytes(11) != "streamtyped")
            throw Malformed("not a typedstream (no \"streamtyped\" signature)");
        (void)integer(); // system version (1000 on every Apple release seen)
    }

    // Reads top-level type groups until the text is found or the buffer ends.
    void body() {
        while (pos_ < b_.size())
            group(0);
    }

    std::optional<std::string> text;
    std::string root_class;

  private:
    struct Object {
        bool is_class = false;
        std::string name;     // class name (for classes)
        bool stringy = false; // an object whose class chain includes NSString
    };

    std::uint8_t peek() const {
        if (pos_ >= b_.size())
            throw Malformed("ends in the middle of an item at byte " + std::to_string(pos_));
        return b_[pos_];
    }
    std::uint8_t byte() {
        const auto v = peek();
        ++pos_;
        return v;
    }
    std::string bytes(std::size_t n) {
        if (n > b_.size() - pos_)
            throw Malformed("a length of " + std::to_string(n) + " runs past the end at byte " +
                            std::to_string(pos_));
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), n);
        pos_ += n;
        return s;
    }
    std::int64_t le(std::size_t n) {
        if (n > b_.size() - pos_)
            throw Malformed("integer runs past the end");
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v |= static_cast<std::uint64_t>(b_[pos_ + i]) << (8 * i);
        pos_ += n;
        if (n == 2)
            return static_cast<std::int16_t>(v);
        return static_cast<std::int32_t>(v);
    }
    std::int64_t integer() {
        const auto t = byte();
        if (t == kInt16)
            return le(2);
        if (t == kInt32)
            return le(4);
        return static_cast<std::int8_t>(t);
    }
    std::size_t reference_index(std::int64_t v, std::size_t table_size, const char* what) const {
        const auto idx = v - kFirstReference;
        if (idx < 0 || static_cast<std::size_t>(idx) >= table_size)
            throw Malformed(std::string("reference to an unknown ") + what + " at byte " +
                            std::to_string(pos_));
        return static_cast<std::size_t>(idx);
    }

    // A shared string: new (0x84 + length + bytes), nil, or a reference to one read before.
    std::optional<std::string> shared_string() {
        const auto t = peek();
        if (t == kNil) {
            ++pos_;
            return std::nullopt;
        }
        if (t == kNew) {
            ++pos_;
            const auto len = integer();
            if (len < 0)
                throw Malformed("negative string length");
            auto s = bytes(static_cast<std::size_t>(len));
            if (strings_.size() >= kMaxTable)
                throw Malformed("too many shared strings");
            strings_.push_back(s);
            return s;
        }
        return strings_[reference_index(integer(), strings_.size(), "shared string")];
    }

    // A class chain: new class (name, version, superclass...) ending in nil, or a reference to a class.
    // Returns whether NSString is in the chain; `first` receives the most derived class name.
    bool class_chain(std::string& first, int depth) {
        bool stringy = false;
        for (int n = 0;; ++n) {
            if (n > kMaxDepth || depth > kMaxDepth)
                throw Malformed("class chain too deep");
            const auto t = peek();
            if (t == kNil) {
                ++pos_;
                return stringy;
            }
            if (t != kNew) {
                const auto& o = objects_[reference_index(integer(), objects_.size(), "class")];
                if (!o.is_class)
                    throw Malformed("a class reference names an object");
                if (first.empty())
                    first = o.name;
                return stringy || o.stringy;
            }
            ++pos_;
            const auto name = shared_string();
            if (!name)
                throw Malformed("class without a name");
            (void)integer(); // class version
            if (objects_.size() >= kMaxTable)
                throw Malformed("too many objects");
            objects_.push_back({true, *name, false});
            const auto index = objects_.size() - 1;
            if (first.empty())
                first = *name;
            const bool here = *name == "NSString" || *name == "NSMutableString";
            // The superclass follows; a class is stringy if anything up its chain is NSString.
            std::string ignored = first;
            const bool above = class_chain(ignored, depth + 1);
            objects_[index].stringy = here || above;
            return stringy || here || above;
        }
    }

    void object(int depth) {
        if (depth > kMaxDepth)
            throw Malformed("objects nested too deeply");
        const auto t = peek();
        if (t == kNil) {
            ++pos_;
            return;
        }
        if (t != kNew) {
            (void)reference_index(integer(), objects_.size(), "object");
            return;
        }
        ++pos_;
        if (objects_.size() >= kMaxTable)
            throw Malformed("too many objects");
        objects_.push_back({false, {}, false}); // the object is entered before its class
        std::string cls;
        const bool stringy = class_chain(cls, depth);
        if (root_class.empty())
            root_class = cls;
        const bool saved = in_string_;
        in_string_ = stringy;
        while (peek() != kEnd)
            group(depth + 1);
        ++pos_;
        in_string_ = saved;
    }

    void group(int depth) {
        const auto types = shared_string();
        if (!types || types->empty())
            throw Malformed("type group without a type encoding at byte " + std::to_string(pos_));
        for (std::size_t i = 0; i < types->size(); ++i)
            value((*types)[i], depth);
    }

    void value(char type, int depth) {
        switch (type) {
        case '@':
            object(depth + 1);
            return;
        case '#': {
            std::string ignored;
            (void)class_chain(ignored, depth + 1);
            return;
        }
        case '+': {
            // Raw bytes with a length: what NSString archives its characters as (UTF-8).
            const auto len = integer();
            if (len < 0)
                throw Malformed("negative byte-string length");
            auto s = bytes(static_cast<std::size_t>(len));
            if (in_string_ && !text) {
                text = std::move(s);
                throw Found{};
            }
            return;
        }
        case '*':
        case '%':
        case ':':
            (void)shared_string();
            return;
        case 'c':
        case 'C':
        case 's':
        case 'S':
        case 'i':
        case 'I':
        case 'l':
        case 'L':
        case 'q':
        case 'Q':
        case 'B':
            (void)integer();
            return;
        case 'f':
        case 'd':
            if (peek() == kFloat) {
                ++pos_;
                (void)bytes(type == 'f' ? 4 : 8);
            } else {
                (void)integer();
            }
            return;
        default:
            throw Malformed(std::string("unsupported type encoding '") + type + "'");
        }
    }

    std::span<const unsigned char> b_;
    std::size_t pos_ = 0;
    std::vector<std::string> strings_;
    std::vector<Object> objects_;
    bool in_string_ = false;
};

} // namespace

TextResult extract_text(std::span<const unsigned char> blob) {
    TextResult r;
    Reader reader(blob);
    try {
        reader.header();
        reader.body();
        r.error = "no NSString in the archive";
    } catch (const Found&) {
        r.text = std::move(reader.text);
    } catch (const Malformed& e) {
        r.error = e.what();
    }
    r.root_class = reader.root_class;
    return r;
}

} // namespace casegraph::ingest::typedstream
