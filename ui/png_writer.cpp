// The one translation unit that compiles stb_image_write's implementation (header-only, libstb-dev).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
