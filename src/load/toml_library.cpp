// toml++'s implementation, compiled once into nimcost_load: Debian ships toml++ as a shared library,
// and loading it cost more start-up time than parsing the catalog (CMakeLists.txt, start-up). The
// layer builds with TOML_HEADER_ONLY=0, so the other files see declarations only.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
