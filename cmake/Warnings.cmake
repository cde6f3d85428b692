# Warning and sanitizer flags, applied to every target through cg_build_flags. Designated initialisers
# that leave members at their defaults are idiomatic here, hence -Wno-missing-field-initializers.
add_library(cg_build_flags INTERFACE)
target_compile_options(cg_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wno-missing-field-initializers -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    $<$<BOOL:${CASEGRAPH_WERROR}>:-Werror>)
# GCC 12 at -O3 reports -Wrestrict inside libstdc++ for `"+" + std::string(...)` (GCC bug 105651, a false
# positive fixed in GCC 13), and -Wnull-dereference inside libstdc++ and nlohmann::json after inlining
# (vector inserts, json iterators), and the -Warray-bounds / -Wstringop-* family on std::string
# operator+ (GCC bug 105329 and relatives; with precompiled headers libstdc++ is no longer treated as a
# system header for these). They break the -Werror Release build on correct code, so they are off for GCC
# before 13 only; clang (the fuzz build) still warns, and ASan/UBSan check bounds at run time.
target_compile_options(cg_build_flags INTERFACE
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict -Wno-null-dereference
    -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread>)
if(CASEGRAPH_SANITIZE)
    target_compile_options(cg_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(cg_build_flags INTERFACE -fsanitize=address,undefined)
endif()
# Fuzzing: every library a fuzz target links gets coverage instrumentation and the same sanitizers, or
# libFuzzer would only see the harness and ASan would miss bugs inside the libraries. The fuzz targets
# themselves add -fsanitize=fuzzer (fuzz/CMakeLists.txt).
if(CASEGRAPH_FUZZ)
    target_compile_options(cg_build_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
        -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(cg_build_flags INTERFACE -fsanitize=address,undefined)
endif()

# cg_expose(TARGET DIR NAME): users of TARGET may write #include "NAME/x.hpp" for DIR/x.hpp, and see no
# other folder of the tree. Each library gets its own include root holding one link, so an include that
# goes against the arrows (ingest including export/, say) fails to compile.
function(cg_expose target dir name)
    set(root "${CMAKE_BINARY_DIR}/include/${target}")
    file(MAKE_DIRECTORY "${root}")
    if(NOT EXISTS "${root}/${name}")
        file(CREATE_LINK "${dir}" "${root}/${name}" SYMBOLIC)
    endif()
    target_include_directories(${target} PUBLIC "${root}")
endfunction()

# Precompiled headers: nlohmann::json reaches nearly every file through store/writer.hpp, and parsing it
# again in each of ~200 files is most of a clean build's time on a 2-core CI machine.
option(CASEGRAPH_PCH "Precompile the heavy common headers" ON)
if(CASEGRAPH_PCH)
    target_precompile_headers(cg_build_flags INTERFACE
        <nlohmann/json.hpp> <filesystem> <functional> <map> <memory> <optional> <set> <string> <string_view>
        <unordered_map> <vector>)
endif()
