// Shared exhibit drawing (see chart_draw.hpp).
#include "chart_draw.hpp"

#include "store/time.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <cmath>
#include <pango/pangocairo.h>
#include <stdexcept>

namespace casegraph::exporter::draw {
namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

PangoLayout* layout_for(cairo_t* cr, const std::string& s, const char* font) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
    return layout;
}

// Source table geometry: monospace lines in two columns. Pango sizes fonts at 96 dpi on every cairo
// surface, so a 5.5 pt font is 5.5 * 96/72 page units high and its characters as much wider.
constexpr const char* kTableFont = "DejaVu Sans Mono 5.5";
constexpr double kFontUnits = 5.5 * 96.0 / 72.0;
constexpr double kRow = 9.0, kTableTop = 95, kTableBottom = kPageH - 38;
constexpr int kRowsPerColumn = static_cast<int>((kTableBottom - kTableTop) / kRow);
constexpr double kColumnGap = 14, kColumnW = (kPageW - 2 * kMargin - kColumnGap) / 2;
// Characters of the monospace font a column holds (DejaVu Sans Mono advances 0.602 em), with a margin.
constexpr std::size_t kColumnChars = static_cast<std::size_t>(kColumnW / (0.602 * kFontUnits)) - 2;

// A line longer than a column continues on the next, indented: it breaks at the last space that fits
// (an amount or a word is never split), and only a piece with no space in it (a long locator) is cut at
// the column's width and carried on — a locator is never cut short.
void wrap_into(std::vector<std::string>& out, const std::string& line) {
    std::size_t start = 0, limit = kColumnChars;
    std::string indent;
    for (;;) {
        std::size_t i = start, chars = 0, space = std::string::npos;
        while (i < line.size() && chars < limit) {
            if (line[i] == ' ')
                space = i;
            ++i;
            while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80)
                ++i; // the rest of a UTF-8 sequence
            ++chars;
        }
        if (i >= line.size()) {
            out.push_back(indent + line.substr(start));
            return;
        }
        const auto text_from = line.find_first_not_of(' ', start);
        std::size_t end = i, next = i;
        if (line[i] == ' ') {
            next = i + 1; // the limit falls on a space
        } else if (space != std::string::npos && text_from < space) {
            end = space; // break after the last word that fits
            next = space + 1;
        }
        out.push_back(indent + line.substr(start, end - start));
        start = next;
        indent = "        ";
        limit = kColumnChars - indent.size();
    }
}

std::vector<std::string>* g_text_log = nullptr;

} // namespace

void set_text_log(std::vector<std::string>* log) {
    g_text_log = log;
}

void colour(cairo_t* cr, Rgb c) {
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

double text(cairo_t* cr, const std::string& s, double x, double y, const char* font, double width,
            Align align, bool ellipsize) {
    const bool centre = align == Align::centre;
    if (g_text_log)
        g_text_log->push_back(s);
    PangoLayout* layout = layout_for(cr, s, font);
    if (width > 0) {
        pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
        if (ellipsize)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_MIDDLE);
        else
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    if (centre)
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    // Right-aligned text ends at x: the label of a node on the left of the chart.
    const double left = align == Align::right ? x - static_cast<double>(w) / PANGO_SCALE
                        : centre && width > 0 ? x - width / 2
                        : centre              ? x - static_cast<double>(w) / PANGO_SCALE / 2
                                              : x;
    cairo_move_to(cr, left, y);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr); // no current point left behind for the next shape to draw a line from
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
}

double text_width(cairo_t* cr, const std::string& s, const char* font) {
    PangoLayout* layout = layout_for(cr, s, font);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return static_cast<double>(w) / PANGO_SCALE;
}

void shape(cairo_t* cr, const std::string& kind, double x, double y, double r) {
    if (kind == "phone") {
        cairo_rectangle(cr, x - r * 0.6, y - r, r * 1.2, r * 2); // a handset
    } else if (kind == "account" || kind == "card" || kind == "crypto_wallet") {
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
    } else if (kind == "device") {
        cairo_rectangle(cr, x - r, y - r * 0.7, r * 2, r * 1.4);
    } else if (kind == "email" || kind == "website") {
        cairo_move_to(cr, x - r, y + r * 0.8);
        cairo_line_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y + r * 0.8);
        cairo_close_path(cr);
    } else if (kind == "handle") { // an app account: the triangle upside down, told apart from email
        cairo_move_to(cr, x - r, y - r * 0.8);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x + r, y - r * 0.8);
        cairo_close_path(cr);
    } else if (kind == "organisation") { // a hexagon, told apart from a person
        for (int i = 0; i < 6; ++i) {
            const double a = M_PI / 6 + i * M_PI / 3;
            if (i == 0)
                cairo_move_to(cr, x + r * std::cos(a), y + r * std::sin(a));
            else
                cairo_line_to(cr, x + r * std::cos(a), y + r * std::sin(a));
        }
        cairo_close_path(cr);
    } else { // person, address, location
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    }
}

Rgb tag_colour(const std::string& tags) {
    if (tags.find("victim") != std::string::npos)
        return kVictim;
    if (tags.find("suspect") != std::string::npos)
        return kSuspect;
    if (tags.find("witness") != std::string::npos)
        return kWitness;
    return kPlain;
}

Canvas::Canvas(const std::string& format, int pages, std::int64_t at) : format_(format), pages_(pages) {
    if (format == "pdf") {
        surface_ = cairo_pdf_surface_create_for_stream(append_bytes, &bytes_, kPageW, kPageH);
        // A fixed creation date keeps the PDF the same for the same --at.
        const auto iso = store::format_utc_ms(at * 1000).substr(0, 19) + "Z";
        cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE, iso.c_str());
        cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "casegraph");
    } else if (format == "svg") {
        surface_ = cairo_svg_surface_create_for_stream(append_bytes, &bytes_, kPageW, kPageH * pages);
    } else {
        scale_ = 2.0;
        surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kPageW * scale_),
                                              static_cast<int>(kPageH * scale_ * pages));
    }
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
        const std::string why = cairo_status_to_string(cairo_surface_status(surface_));
        cairo_surface_destroy(surface_);
        throw std::runtime_error("cannot create the exhibit: " + why);
    }
    cr_ = cairo_create(surface_);
}

Canvas::~Canvas() {
    if (cr_)
        cairo_destroy(cr_);
    if (surface_)
        cairo_surface_destroy(surface_);
}

void Canvas::page(int i) {
    if (format_ == "pdf" && current_ >= 0)
        cairo_show_page(cr_);
    current_ = i;
    cairo_identity_matrix(cr_);
    cairo_scale(cr_, scale_, scale_);
    if (format_ != "pdf")
        cairo_translate(cr_, 0, kPageH * i);
    cairo_set_source_rgb(cr_, 1, 1, 1);
    cairo_rectangle(cr_, 0, 0, kPageW, kPageH);
    cairo_fill(cr_);
    if (format_ != "pdf" && i > 0) { // where one printed page would end
        cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
        cairo_set_line_width(cr_, 0.5);
        cairo_move_to(cr_, 0, 0.25);
        cairo_line_to(cr_, kPageW, 0.25);
        cairo_stroke(cr_);
    }
}

std::string Canvas::finish() {
    if (format_ == "pdf")
        cairo_show_page(cr_);
    if (format_ == "png") {
        cairo_surface_flush(surface_);
        if (cairo_surface_write_to_png_stream(surface_, append_bytes, &bytes_) != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error("the exhibit PNG could not be encoded");
    }
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    const auto status = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("exhibit: ") + cairo_status_to_string(status));
    return std::move(bytes_);
}

void header(cairo_t* cr, const std::string& title, const ChartMeta& m) {
    colour(cr, kInk);
    text(cr, title, kMargin, 14, "DejaVu Sans Bold 15");
    const std::string ref = m.ref.empty() ? "not assigned" : m.ref;
    const std::string window = (m.from.empty() ? std::string("start of evidence") : m.from) + " to " +
                               (m.to.empty() ? std::string("end of evidence") : m.to);
    text(cr,
         "Exhibit " + ref + "   ·   Case " + m.case_id + "   ·   Analyst " + m.analyst + "   ·   Produced " +
             store::format_utc_ms(m.at * 1000).substr(0, 10) + " by " + m.actor,
         kMargin, 36, "DejaVu Sans 7.5");
    text(cr,
         "Selection: " + m.selection + "   ·   Time window: " + window + "   ·   casegraph " +
             m.tool_version +
             (m.redacted ? "   ·   REDACTED: victims/witnesses as V1/W1" : "   ·   NOT REDACTED"),
         kMargin, 48, "DejaVu Sans 7.5");
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, kMargin, 62);
    cairo_line_to(cr, kPageW - kMargin, 62);
    cairo_stroke(cr);
}

void footer(cairo_t* cr, const ChartMeta& m, int page, int pages, const std::string& method) {
    colour(cr, kGrey);
    text(cr,
         "Exhibit " + (m.ref.empty() ? std::string("not assigned") : m.ref) + "  ·  page " +
             std::to_string(page) + " of " + std::to_string(pages) + "  ·  Method: " + method,
         kMargin, kPageH - 22, "DejaVu Sans 6.5", kPageW - 2 * kMargin);
}

std::string evidence_no(const Facts& f, const std::string& sha256) {
    for (std::size_t i = 0; i < f.evidence.size(); ++i)
        if (f.evidence[i].sha256 == sha256)
            return "E" + std::to_string(i + 1);
    return "E?";
}

void record_lines(std::vector<std::string>& out, const Facts& f, const EventRow& e, const std::string& head) {
    out.push_back(head + "  " + evidence_no(f, e.evidence_sha256) + "  " + e.locator);
    for (const auto& x : e.sightings)
        out.push_back("        also " + evidence_no(f, x.evidence_sha256) + "  " + x.locator);
}

namespace {

std::vector<std::string> all_rows(const SourceTable& t, const Facts& f) {
    std::vector<std::string> rows;
    for (const auto& l : t.lines)
        wrap_into(rows, l);
    rows.emplace_back();
    rows.push_back("Evidence files (SHA-256 of the file as registered):");
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
        rows.push_back("E" + std::to_string(i + 1) + " = " + f.evidence[i].name);
        rows.push_back("     " + f.evidence[i].sha256);
    }
    return rows;
}

} // namespace

std::vector<std::string> wrap_source_line(const std::string& line) {
    std::vector<std::string> rows;
    wrap_into(rows, line);
    return rows;
}

SourceColumn source_column() {
    return {kTableFont, kColumnW, kColumnChars, kRow};
}

Extent measure(const std::string& s, const char* font) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t* cr = cairo_create(surface);
    PangoLayout* layout = layout_for(cr, s, font);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return {static_cast<double>(w) / PANGO_SCALE, static_cast<double>(h) / PANGO_SCALE};
}

int source_pages(const SourceTable& t, const Facts& f) {
    const auto n = static_cast<int>(all_rows(t, f).size());
    const int per_page = 2 * kRowsPerColumn;
    return std::max(1, (n + per_page - 1) / per_page);
}

void draw_source_pages(Canvas& c, const SourceTable& t, const Facts& f, const ChartMeta& m, int first_page,
                       int total_pages, const std::string& method) {
    const auto rows = all_rows(t, f);
    const int per_page = 2 * kRowsPerColumn;
    const int pages = source_pages(t, f);
    for (int p = 0; p < pages; ++p) {
        c.page(first_page + p);
        cairo_t* cr = c.cr();
        header(cr,
               t.title + (pages > 1 ? " (" + std::to_string(p + 1) + "/" + std::to_string(pages) + ")" : ""),
               m);
        colour(cr, kInk);
        text(cr,
             "Each line: note number as printed on the chart, event id (facts/events.csv), time (UTC; a date "
             "alone is a booking day), kind, evidence file E<n> (listed at the end) and the locator of the "
             "record inside it; a line \"also E<n>\" under it names another file the same record was read "
             "from.",
             kMargin, 66, "DejaVu Sans 6.5", kPageW - 2 * kMargin);
        for (int i = 0; i < per_page; ++i) {
            const auto k = static_cast<std::size_t>(p * per_page + i);
            if (k >= rows.size())
                break;
            const double x = kMargin + (i < kRowsPerColumn ? 0 : kColumnW + kColumnGap);
            const double y = kTableTop + kRow * (i % kRowsPerColumn);
            text(cr, rows[k], x, y, kTableFont);
        }
        footer(cr, m, first_page + p + 1, total_pages, method);
    }
}

} // namespace casegraph::exporter::draw
