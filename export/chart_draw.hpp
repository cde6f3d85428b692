// What every court exhibit shares (DOMAIN.md §7.2): an A4-landscape canvas that is one PDF page per
// page or, for SVG and PNG, the pages stacked into one tall image; Pango-shaped text; kind glyphs; the
// header (title, exhibit reference, case, analyst, date, selection, window, redaction) and the footer.
#pragma once

#include "exhibit.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// cairo's own typedefs, so this header does not need cairo's include path (tests include it).
typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace casegraph::exporter::draw {

// A4 landscape in points; PNG is drawn at twice that so text stays sharp when printed.
constexpr double kPageW = 842, kPageH = 595, kMargin = 24;

struct Rgb {
    double r, g, b;
};
inline constexpr Rgb kInk{0.1, 0.1, 0.1}, kGrey{0.45, 0.45, 0.45}, kVictim{0.1, 0.55, 0.3},
    kSuspect{0.8, 0.15, 0.15}, kWitness{0.15, 0.35, 0.75}, kPlain{0.55, 0.55, 0.55};

void colour(cairo_t* cr, Rgb c);

enum class Align { left, centre, right };
// Draws text at (x, y) top-left with a Pango font description ("DejaVu Sans 8"); width > 0 wraps
// (or, with ellipsize, cuts the middle of a line that does not fit). Returns the height used.
double text(cairo_t* cr, const std::string& s, double x, double y, const char* font, double width = -1,
            Align align = Align::left, bool ellipsize = false);
// Tests: while set, every text drawn is appended here, so a test can check what an exhibit prints (the
// PDF and SVG hold glyphs, not searchable text). Not thread-safe; set it around one drawing only.
void set_text_log(std::vector<std::string>* log);
// Width of a one-line text in points.
[[nodiscard]] double text_width(cairo_t* cr, const std::string& s, const char* font);

// One shape per entity kind, so the chart reads in black and white too (path only; caller fills).
void shape(cairo_t* cr, const std::string& kind, double x, double y, double r);
[[nodiscard]] Rgb tag_colour(const std::string& tags);

// The canvas of an exhibit with `pages` pages. PDF: real pages with a creation date fixed by `at`.
// SVG and PNG: one image holding the pages one under the other (a reader scrolls; nothing is cut).
class Canvas {
  public:
    Canvas(const std::string& format, int pages, std::int64_t at);
    ~Canvas();
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;
    [[nodiscard]] cairo_t* cr() const { return cr_; }
    // Starts page i (0-based): blank white, coordinates in points from the page's top-left.
    void page(int i);
    // Finishes drawing and returns the file's bytes.
    [[nodiscard]] std::string finish();

  private:
    std::string format_, bytes_;
    int pages_ = 1, current_ = -1;
    double scale_ = 1;
    cairo_surface_t* surface_ = nullptr;
    cairo_t* cr_ = nullptr;
};

// Title, reference, case, analyst, date, selection, window, redaction; a rule under it at y = 62.
void header(cairo_t* cr, const std::string& title, const ChartMeta& m);
// "Exhibit REF · page i of n · Method: ..." at the foot of the page.
void footer(cairo_t* cr, const ChartMeta& m, int page, int pages, const std::string& method);

// "E1" ... for each evidence file, in the facts' order (by SHA-256), as the bundle's report numbers them.
[[nodiscard]] std::string evidence_no(const Facts& f, const std::string& sha256);

// A record's lines in a source table: `head` (note, event id, time...) with the evidence file E<n> and
// locator it was written from, then one line "also E<n>  <locator>" for every other file the same
// record was read from (a transaction in two statement downloads).
void record_lines(std::vector<std::string>& out, const Facts& f, const EventRow& e, const std::string& head);

// The source table: one line per mark or record (already formatted: note number, event id, time,
// evidence number E<n>, locator), two columns a page, then the evidence list (E<n> = name, SHA-256).
struct SourceTable {
    std::string title;
    std::vector<std::string> lines;
};
// Pages the table needs.
[[nodiscard]] int source_pages(const SourceTable& t, const Facts& f);
// The source table's column: its font, width (page units), the characters a line may hold, the row height.
struct SourceColumn {
    const char* font;
    double width;
    std::size_t chars;
    double row;
};
[[nodiscard]] SourceColumn source_column();
// One source-note line as the rows it is drawn on: broken at the last space that fits, continuation rows
// indented; a piece with no space (a locator) is carried over whole, never shortened.
[[nodiscard]] std::vector<std::string> wrap_source_line(const std::string& line);
// The size of a text as the exhibits draw it (page units), measured on a scratch surface: for tests.
struct Extent {
    double width = 0, height = 0;
};
[[nodiscard]] Extent measure(const std::string& s, const char* font);
// Draws the table on canvas pages first_page, first_page + 1, ...
void draw_source_pages(Canvas& c, const SourceTable& t, const Facts& f, const ChartMeta& m, int first_page,
                       int total_pages, const std::string& method);

} // namespace casegraph::exporter::draw
