// Cellebrite UFDR reports (a .ufdr zip: report.xml plus the extracted files) and bare UFED report.xml
// files, including fragments that are one <modelType> or one <model> (DOMAIN.md §2.7). The report is
// streamed (a report.xml can be gigabytes): only one model at a time is built in memory, and a chat's
// messages are read one by one. Control characters XML forbids are filtered on the way in.
#include "ufdr.hpp"

#include "formats.hpp"
#include "ingest.hpp"

#include <algorithm>

namespace casegraph::ingest {
namespace {

constexpr std::string_view kNamespace = "http://pa.cellebrite.com/report/2.0";

// What an element is to the walk.
enum class Kind { other, project, decoded, model_type, tagged, chat, messages };

struct Frame {
    Kind kind = Kind::other;
    std::string path; // /project/decodedData/modelType[3]
    std::string type; // modelType@type
    std::map<std::string, int> counts;
};

// Children of <project> that occur once are named without an index, as CONTRACTS.md's example does.
bool singleton(std::string_view name) {
    return name == "decodedData" || name == "taggedFiles" || name == "sourceExtractions" ||
           name == "caseInformation";
}

class Walk {
  public:
    Walk(ImportContext& ctx, ufdr::Place place) : ctx_(ctx), report_(ctx, std::move(place)) {}

    void run(XmlStream& x) {
        for (auto tok = x.next(); tok != XmlStream::Token::eof; tok = x.next()) {
            if (tok == XmlStream::Token::end) {
                if (!stack_.empty()) {
                    if (stack_.back().kind == Kind::chat)
                        report_.chat_end();
                    stack_.pop_back();
                }
                continue;
            }
            start(x);
        }
    }

    void finish(std::int64_t replaced) {
        report_.chat_end(); // after a break inside a chat: what was read of it is kept (no-op otherwise)
        report_.finish(replaced, root_);
    }

    [[nodiscard]] bool started() const { return started_; }
    [[nodiscard]] const std::string& reading() const { return reading_; }

  private:
    void start(XmlStream& x) {
        const std::string name = x.local_name();
        std::string path;
        if (stack_.empty()) {
            path = "/" + name;
        } else {
            const int n = ++stack_.back().counts[name];
            path = stack_.back().path + "/" + name;
            if (!(stack_.back().kind == Kind::project && singleton(name) && n == 1))
                path += "[" + std::to_string(n) + "]";
        }
        const std::string inner = "xml:" + path;
        reading_ = inner;
        const Kind parent = stack_.empty() ? Kind::other : stack_.back().kind;
        if (stack_.empty())
            root(x, name, path);
        else if (parent == Kind::project)
            project_child(x, name, path);
        else if (parent == Kind::decoded && name == "modelType")
            push(x, Kind::model_type, path, x.attr("type"));
        else if (parent == Kind::model_type && name == "model")
            model(x, path, stack_.back().type);
        else if (parent == Kind::tagged && name == "file")
            report_.tagged_file(x.subtree(), inner);
        else if (parent == Kind::chat && name == "multiModelField" && x.attr("name") == "Messages")
            push(x, Kind::messages, path);
        else if (parent == Kind::chat)
            report_.chat_child(x.subtree());
        else if (parent == Kind::messages && name == "model")
            report_.chat_message(x.subtree(), inner);
        else
            (void)x.subtree(); // not a record (decodedData's other children, stray elements)
    }

    void root(XmlStream& x, const std::string& name, const std::string& path) {
        const std::string ns = x.namespace_uri();
        if (!ns.empty() && ns != kNamespace)
            throw InputError("unsupported", ctx_.input().display_name + ": root element <" + name +
                                                "> is in namespace '" + ns + "', not Cellebrite's " +
                                                std::string(kNamespace));
        root_ = "xml:" + path;
        report_.root(root_);
        started_ = true;
        if (name == "project") {
            XmlNode attrs;
            attrs.attrs = x.attributes();
            report_.project(attrs);
            push(x, Kind::project, path);
        } else if (name == "modelType") {
            ctx_.note("fragment", "modelType");
            push(x, Kind::model_type, path, x.attr("type"));
        } else if (name == "model") {
            ctx_.note("fragment", "model");
            model(x, path, "");
        } else {
            throw InputError("unsupported",
                             ctx_.input().display_name + ": root element <" + name +
                                 "> is not a Cellebrite report (<project>, <modelType> or <model>)");
        }
    }

    void project_child(XmlStream& x, const std::string& name, const std::string& path) {
        const std::string inner = "xml:" + path;
        if (name == "decodedData")
            push(x, Kind::decoded, path);
        else if (name == "taggedFiles")
            push(x, Kind::tagged, path);
        else if (name == "metadata")
            report_.metadata(x.subtree(), inner);
        else if (name == "sourceExtractions")
            report_.extractions(x.subtree());
        else if (name == "caseInformation")
            report_.case_information(x.subtree());
        else
            (void)x.subtree();
    }

    void model(XmlStream& x, const std::string& path, const std::string& type_hint) {
        const std::string type = x.attr("type").empty() ? type_hint : x.attr("type");
        if (type != "Chat") {
            report_.model(x.subtree(), "xml:" + path, type_hint);
            return;
        }
        XmlNode head;
        head.name = "model";
        head.attrs = x.attributes();
        report_.chat_begin(head, "xml:" + path);
        if (x.empty())
            report_.chat_end();
        else
            stack_.push_back({Kind::chat, path, type, {}});
    }

    void push(XmlStream& x, Kind kind, const std::string& path, const std::string& type = {}) {
        if (!x.empty()) // <decodedData/> has no end tag to pop it
            stack_.push_back({kind, path, type, {}});
    }

    ImportContext& ctx_;
    ufdr::Report report_;
    std::vector<Frame> stack_;
    std::string root_ = "xml:/";
    std::string reading_ = "xml:/";
    bool started_ = false;
};

void import_report(const std::filesystem::path& xml, const std::string& shown, ImportContext& ctx,
                   ufdr::Place place) {
    XmlStream x(xml, shown, XmlStream::Chars::filtered);
    const std::string prefix = place.prefix;
    Walk walk(ctx, std::move(place));
    try {
        walk.run(x);
    } catch (const XmlError& e) {
        if (!walk.started())
            throw InputError("failed", e.what());
        // What was read before the break stays imported; the break itself is the error.
        ctx.error(prefix + walk.reading(),
                  std::string(e.what()) + "; the models before this point were imported, the rest of the "
                                          "report could not be read");
    }
    walk.finish(x.replaced());
}

bool is_report_name(std::string_view path) {
    const auto slash = path.find_last_of('/');
    const std::string base = ufdr::lower(slash == std::string_view::npos ? path : path.substr(slash + 1));
    return base == "report.xml";
}

class Ufdr final : public Importer {
  public:
    std::string_view format() const override { return "ufdr"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "Cellebrite UFDR (.ufdr zip with report.xml) and UFED report.xml, whole or a model fragment";
    }

    int detect(const Probe& p) const override {
        const auto head = p.head_text();
        if (head.find(kNamespace) != std::string_view::npos && head.find('<') != std::string_view::npos)
            return 95;
        // Older reports without the namespace declaration.
        if (head.find("<project") != std::string_view::npos &&
            head.find("reportVersion=\"") != std::string_view::npos)
            return 80;
        // IPED-style fragments: one <model> or <modelType> with UFED's model attributes, no namespace.
        const bool model = head.find("<model type=\"") != std::string_view::npos ||
                           head.find("<modelType type=\"") != std::string_view::npos;
        if (model && head.find("deleted_state=\"") != std::string_view::npos &&
            head.find("decoding_confidence=\"") != std::string_view::npos)
            return 85;
        return 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        std::vector<unsigned char> head;
        const Probe probe = make_probe(input.path, head);
        if (!looks_like_archive(probe.head)) {
            ufdr::Place place;
            place.members = input.siblings.get();
            const auto slash = input.member.find_last_of('/');
            place.dir = slash == std::string::npos ? "" : input.member.substr(0, slash + 1);
            import_report(input.path, input.display_name, ctx, std::move(place));
            return;
        }
        // --format ufdr on the .ufdr itself: the loop did not walk it, so the report is found here.
        ExtractedArchive ex = extract_archive(input.path);
        const ArchiveMember* report = ufdr_report(ex);
        if (report == nullptr)
            throw InputError("unsupported",
                             input.display_name + ": an archive without a Cellebrite report.xml");
        for (const auto& [member, message] : ex.problems)
            ctx.writer().diagnostic(ctx.locator(ex.kind + ":" + member), store::Severity::error, message);
        std::vector<ArchiveSibling> members;
        for (const auto& m : ex.members)
            members.push_back({m.path, ctx.locator(ex.kind + ":" + m.path), m.extracted, m.size, m.sha256});
        ufdr::Place place;
        place.prefix = ex.kind + ":" + report->path + "!";
        place.members = &members;
        const auto slash = report->path.find_last_of('/');
        place.dir = slash == std::string::npos ? "" : report->path.substr(0, slash + 1);
        import_report(report->extracted, input.display_name + "!" + report->path, ctx, std::move(place));
    }
};

} // namespace

const ArchiveMember* ufdr_report(const ExtractedArchive& archive) {
    const ArchiveMember* best = nullptr;
    std::size_t best_depth = 0;
    for (const auto& m : archive.members) {
        if (!is_report_name(m.path))
            continue;
        const auto depth = static_cast<std::size_t>(std::count(m.path.begin(), m.path.end(), '/'));
        if (best != nullptr && depth >= best_depth)
            continue;
        std::vector<unsigned char> head;
        if (ufdr_importer().detect(make_probe(m.extracted, head)) == 0)
            continue;
        best = &m;
        best_depth = depth;
    }
    return best;
}

const Importer& ufdr_importer() {
    static const Ufdr instance;
    return instance;
}

} // namespace casegraph::ingest
