# Warning and sanitizer flags, applied to every target through cg_build_flags. Designated initialisers
# that leave members at their defaults are idiomatic here, hence -Wno-missing-field-initializers.
add_library(cg_build_flags INTERFACE)
target_compile_options(cg_build_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wno-missing-field-initializers -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    $<$<BOOL:${CASEGRAPH_WERROR}>:-Werror>)
# GCC 12 at -O3 reports -Wrestrict inside libstdc++ for `"+" + std::string(...)` (GCC bug 105651, a false
# positive fixed in GCC 13), and -Wnull-dereference inside libstdc++ and nlohmann::json after inlining
# (vector inserts, json iterators). Both break the -Werror Release build on code that is correct, so they
# are off for GCC before 13 only; clang (the fuzz build) still checks null dereferences.
target_compile_options(cg_build_flags INTERFACE
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict -Wno-null-dereference>)
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
