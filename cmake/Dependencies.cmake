# Every library comes from a Debian package (tools/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(LibArchive REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(fmt REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(LibXml2 REQUIRED)
find_package(simdjson REQUIRED)
find_package(doctest REQUIRED)
find_package(absl REQUIRED)
# export/: court exhibits (link charts) as PDF, SVG and PNG, text shaped by Pango.
pkg_check_modules(pangocairo REQUIRED IMPORTED_TARGET pangocairo cairo-pdf cairo-svg cairo-png)

# libphonenumber ships no CMake or pkg-config file on Debian 12. Its PhoneNumber is a protobuf message whose
# inline setters (set_raw_input, set_extension) call into libprotobuf, and the linker wants every library a
# caller uses named directly ("DSO missing from command line"), so protobuf is linked too. ICU and abseil
# are used only inside libphonenumber.so and come with it.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
find_library(PROTOBUF_LIBRARY protobuf REQUIRED)
add_library(cg_phonenumber INTERFACE)
target_include_directories(cg_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(cg_phonenumber INTERFACE ${PHONENUMBER_LIBRARY} ${PROTOBUF_LIBRARY})

if(CASEGRAPH_UI)
    pkg_check_modules(imgui REQUIRED IMPORTED_TARGET imgui)
    find_package(glfw3 REQUIRED)
    find_package(OpenGL REQUIRED)
endif()
