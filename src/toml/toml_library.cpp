// toml++'s implementation, compiled once into nimcost_toml: Debian ships toml++ as a shared library,
// and loading it cost more start-up time than parsing the catalog (CMakeLists.txt, start-up). The
// library builds with TOML_HEADER_ONLY=0, so the files that use it see declarations only.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
