// Pango/cairo text rasterising for the detail pane (see text_raster.hpp).
#include "text_raster.hpp"

#include "glyphs.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <pango/pangocairo.h>

namespace casegraph::ui {
namespace {

struct SurfaceFree {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct ObjectFree {
    void operator()(void* o) const { g_object_unref(o); }
};

// A layout on a scratch context, so the text can be measured before the image is sized.
std::unique_ptr<PangoLayout, ObjectFree> make_layout(cairo_t* cr, const std::string& s, int wrap_px,
                                                     double font_px) {
    std::unique_ptr<PangoLayout, ObjectFree> layout(pango_cairo_create_layout(cr));
    PangoFontDescription* fd = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(fd, font_px * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), fd);
    pango_font_description_free(fd);
    pango_layout_set_width(layout.get(), std::max(wrap_px, 16) * PANGO_SCALE);
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_auto_dir(layout.get(), TRUE); // a Hebrew paragraph runs right to left
    pango_layout_set_text(layout.get(), s.c_str(), static_cast<int>(s.size()));
    return layout;
}

} // namespace

TextImage render_text(const std::string& utf8, int wrap_px, double font_px, std::uint32_t colour) {
    TextImage img;
    std::unique_ptr<cairo_surface_t, SurfaceFree> scratch(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
    std::unique_ptr<cairo_t, CairoFree> scr(cairo_create(scratch.get()));
    auto measure = make_layout(scr.get(), utf8, wrap_px, font_px);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(measure.get(), &w, &h);
    // The image is as wide as the wrap width: right-to-left paragraphs are aligned to its right edge.
    img.width = std::max(wrap_px, 16);
    img.height = std::clamp(h, 1, 16384);
    std::unique_ptr<cairo_surface_t, SurfaceFree> surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, img.width, img.height));
    std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), static_cast<double>((colour >> 16) & 0xFF) / 255.0,
                         static_cast<double>((colour >> 8) & 0xFF) / 255.0,
                         static_cast<double>(colour & 0xFF) / 255.0);
    auto layout = make_layout(cr.get(), utf8, wrap_px, font_px);
    pango_cairo_show_layout(cr.get(), layout.get());
    cairo_surface_flush(surface.get());
    // cairo: premultiplied ARGB in native-endian 32-bit words; GL wants straight RGBA bytes.
    const int stride = cairo_image_surface_get_stride(surface.get());
    const unsigned char* src = cairo_image_surface_get_data(surface.get());
    img.rgba.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
    for (int y = 0; y < img.height; ++y) {
        const auto* row =
            reinterpret_cast<const std::uint32_t*>(src + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < img.width; ++x) {
            const std::uint32_t p = row[x];
            const unsigned a = p >> 24;
            auto* o = &img.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) +
                                 static_cast<std::size_t>(x)) *
                                4];
            auto un = [a](unsigned c) {
                return static_cast<std::uint8_t>(a ? std::min(255u, c * 255 / a) : 0);
            };
            o[0] = un((p >> 16) & 0xFF);
            o[1] = un((p >> 8) & 0xFF);
            o[2] = un(p & 0xFF);
            o[3] = static_cast<std::uint8_t>(a);
        }
    }
    return img;
}

bool needs_pango(const std::string& utf8) {
    for (char32_t c : decode_utf8(utf8))
        if (c > 0xFFFF || is_rtl(c))
            return true;
    return false;
}

} // namespace casegraph::ui
