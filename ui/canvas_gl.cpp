// Point-sprite dots and GL lines for the graph canvas (see canvas_gl.hpp).
#define GL_GLEXT_PROTOTYPES 1
#include "canvas_gl.hpp"

#include <GL/gl.h>
#include <GL/glext.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace casegraph::ui {

namespace {

constexpr const char* kDotVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_r;
layout(location = 2) in vec4 a_col;
layout(location = 3) in float a_shape;
layout(location = 4) in float a_inner;
uniform mat4 u_proj;
uniform float u_scale;
out vec4 v_col;
flat out int v_shape;
flat out float v_k;
flat out float v_inner;
void main() {
    v_inner = a_inner;
    gl_Position = u_proj * vec4(a_pos, 0.0, 1.0);
    v_shape = int(a_shape + 0.5);
    // The sprite is the shape's bounding square (the triangle's apex is at 1.15 r): the rasteriser's
    // cost is per covered 4x4 block. v_k is its half width in radii.
    v_k = v_shape == 2 ? 1.15 : 1.0;
    gl_PointSize = 2.0 * v_k * a_r * u_scale;
    v_col = a_col;
}
)";

// The shapes of graph_view.cpp's flat_shape, in units of the radius, y down as on screen.
constexpr const char* kDotFs = R"(#version 330 core
in vec4 v_col;
flat in int v_shape;
flat in float v_k;
flat in float v_inner;
out vec4 o_col;
void main() {
    vec2 p = (gl_PointCoord * 2.0 - 1.0) * v_k;
    vec2 a = abs(p);
    bool inside;
    if (v_shape == 0)
        inside = max(a.x, a.y) <= 1.0;
    else if (v_shape == 1)
        inside = dot(p, p) <= 1.0;
    else if (v_shape == 2)
        inside = p.y <= 0.75 && a.x * 1.9 <= p.y + 1.15;
    else if (v_shape == 3)
        inside = a.x + a.y <= 1.0;
    else if (v_shape == 4)
        inside = a.y <= 0.866 && a.x + a.y * 0.57735 <= 1.0;
    else
        inside = dot(p, p) <= 1.0 && dot(p, p) >= v_inner * v_inner;
    if (!inside)
        discard;
    o_col = v_col;
}
)";

constexpr const char* kLineVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 2) in vec4 a_col;
uniform mat4 u_proj;
out vec4 v_col;
void main() {
    gl_Position = u_proj * vec4(a_pos, 0.0, 1.0);
    v_col = a_col;
}
)";

constexpr const char* kLineFs = R"(#version 330 core
in vec4 v_col;
out vec4 o_col;
void main() { o_col = v_col; }
)";

GLuint compile(GLenum type, const char* src) {
    const GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr,
                     "casegraph-ui: canvas shader does not compile (drawing with ImGui instead): %s\n", log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

GLuint link(const char* vs_src, const char* fs_src) {
    const GLuint vs = compile(GL_VERTEX_SHADER, vs_src);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, fs_src);
    if (!vs || !fs) {
        glDeleteShader(vs);
        glDeleteShader(fs);
        return 0;
    }
    const GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetProgramInfoLog(p, sizeof log, nullptr, log);
        std::fprintf(stderr, "casegraph-ui: canvas shaders do not link (drawing with ImGui instead): %s\n",
                     log);
        glDeleteProgram(p);
        return 0;
    }
    return p;
}

void lines_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const ImVec4 r = cmd->ClipRect;
    static_cast<CanvasGl*>(cmd->UserCallbackData)->render(false, r.x, r.y, r.z, r.w);
}

void dots_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const ImVec4 r = cmd->ClipRect;
    static_cast<CanvasGl*>(cmd->UserCallbackData)->render(true, r.x, r.y, r.z, r.w);
}

} // namespace

CanvasGl& CanvasGl::instance() {
    static CanvasGl gl;
    return gl;
}

void CanvasGl::begin(bool smooth_lines) {
    smooth_ = smooth_lines;
    dots_.clear();
    for (auto& l : lines_)
        l.clear();
}

void CanvasGl::line(Vec2 a, Vec2 b, float width, std::uint32_t col) {
    const int w = std::clamp(static_cast<int>(std::lround(width)), 1, kWidths);
    auto& l = lines_[w - 1];
    l.push_back({a.x, a.y, col});
    l.push_back({b.x, b.y, col});
}

void CanvasGl::dot(Vec2 centre, float radius, DotShape shape, std::uint32_t col) {
    dots_.push_back({centre.x, centre.y, std::max(radius, 0.5f), col, static_cast<float>(shape), 0.0f});
}

void CanvasGl::ring(Vec2 centre, float r_in, float r_out, std::uint32_t col) {
    if (r_out <= 0.5f)
        return;
    dots_.push_back({centre.x, centre.y, r_out, col, static_cast<float>(DotShape::ring), r_in / r_out});
}

// ImGui's backend does not restore its own state after a callback: ImDrawCallback_ResetRenderState
// asks it to.
void CanvasGl::submit_lines(ImDrawList* dl) {
    for (const auto& l : lines_)
        if (!l.empty()) {
            dl->AddCallback(lines_callback, this);
            dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
            return;
        }
}

void CanvasGl::submit_dots(ImDrawList* dl) {
    if (dots_.empty())
        return;
    dl->AddCallback(dots_callback, this);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

bool CanvasGl::init() {
    tried_ = true;
    dot_prog_ = link(kDotVs, kDotFs);
    line_prog_ = link(kLineVs, kLineFs);
    if (!dot_prog_ || !line_prog_) {
        failed_ = true;
        return false;
    }
    dot_proj_ = glGetUniformLocation(dot_prog_, "u_proj");
    dot_scale_ = glGetUniformLocation(dot_prog_, "u_scale");
    line_proj_ = glGetUniformLocation(line_prog_, "u_proj");
    float range[2] = {1, 1};
    glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, range);
    max_line_width_ = std::max(range[1], 1.0f);
    glGenVertexArrays(2, vao_);
    glGenBuffers(2, vbo_);
    // Dots.
    glBindVertexArray(vao_[0]);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[0]);
    const auto ds = static_cast<GLsizei>(sizeof(DotVertex));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, ds, reinterpret_cast<void*>(offsetof(DotVertex, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, ds, reinterpret_cast<void*>(offsetof(DotVertex, r)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, ds,
                          reinterpret_cast<void*>(offsetof(DotVertex, col)));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, ds, reinterpret_cast<void*>(offsetof(DotVertex, shape)));
    glEnableVertexAttribArray(4);
    glVertexAttribPointer(4, 1, GL_FLOAT, GL_FALSE, ds, reinterpret_cast<void*>(offsetof(DotVertex, inner)));
    // Lines.
    glBindVertexArray(vao_[1]);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_[1]);
    const auto ls = static_cast<GLsizei>(sizeof(LineVertex));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, ls, reinterpret_cast<void*>(offsetof(LineVertex, x)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, ls,
                          reinterpret_cast<void*>(offsetof(LineVertex, col)));
    glBindVertexArray(0);
    return true;
}

void CanvasGl::render(bool dots, float x0, float y0, float x1, float y1) {
    if (failed_ || (!tried_ && !init()))
        return;
    const ImDrawData* dd = ImGui::GetDrawData();
    const ImGuiIO& io = ImGui::GetIO();
    const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
    const auto fb_h = static_cast<GLint>(dd->DisplaySize.y * sy);
    glScissor(static_cast<GLint>((x0 - dd->DisplayPos.x) * sx),
              fb_h - static_cast<GLint>((y1 - dd->DisplayPos.y) * sy), static_cast<GLsizei>((x1 - x0) * sx),
              static_cast<GLsizei>((y1 - y0) * sy));
    // ImGui's projection: display pixels, y down.
    const float L = dd->DisplayPos.x, R = L + dd->DisplaySize.x;
    const float T = dd->DisplayPos.y, B = T + dd->DisplaySize.y;
    const float proj[16] = {
        2.0f / (R - L),    0, 0, 0, 0, 2.0f / (T - B), 0, 0, 0, 0, -1, 0, (R + L) / (L - R),
        (T + B) / (B - T), 0, 1};
    std::size_t total = 0;
    for (const auto& l : lines_)
        total += l.size();
    if (!dots && total > 0) {
        glBindVertexArray(vao_[1]);
        glUseProgram(line_prog_);
        glUniformMatrix4fv(line_proj_, 1, GL_FALSE, proj);
        glBindBuffer(GL_ARRAY_BUFFER, vbo_[1]);
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(total * sizeof(LineVertex)), nullptr,
                     GL_STREAM_DRAW);
        if (smooth_)
            glEnable(GL_LINE_SMOOTH);
        GLint first = 0;
        for (int w = 0; w < kWidths; ++w) {
            const auto& l = lines_[w];
            if (l.empty())
                continue;
            glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(first * sizeof(LineVertex)),
                            static_cast<GLsizeiptr>(l.size() * sizeof(LineVertex)), l.data());
            glLineWidth(std::min(static_cast<float>(w + 1) * sx, max_line_width_));
            glDrawArrays(GL_LINES, first, static_cast<GLsizei>(l.size()));
            first += static_cast<GLint>(l.size());
        }
        glLineWidth(1.0f);
        glDisable(GL_LINE_SMOOTH);
    }
    if (dots && !dots_.empty()) {
        glBindVertexArray(vao_[0]);
        glUseProgram(dot_prog_);
        glUniformMatrix4fv(dot_proj_, 1, GL_FALSE, proj);
        glUniform1f(dot_scale_, sx);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glBindBuffer(GL_ARRAY_BUFFER, vbo_[0]);
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(dots_.size() * sizeof(DotVertex)), dots_.data(),
                     GL_STREAM_DRAW);
        glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(dots_.size()));
        glDisable(GL_PROGRAM_POINT_SIZE);
    }
    glBindVertexArray(0);
}

void CanvasGl::shutdown() {
    if (dot_prog_)
        glDeleteProgram(dot_prog_);
    if (line_prog_)
        glDeleteProgram(line_prog_);
    if (vao_[0])
        glDeleteVertexArrays(2, vao_);
    if (vbo_[0])
        glDeleteBuffers(2, vbo_);
    dot_prog_ = line_prog_ = 0;
    vao_[0] = vao_[1] = vbo_[0] = vbo_[1] = 0;
    tried_ = failed_ = false;
}

} // namespace casegraph::ui
