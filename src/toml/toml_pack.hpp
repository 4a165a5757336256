// A parsed TOML document as compact bytes, and back. The built-in catalog is packed when nimcost is
// built (tools/catalog_pack.cpp), so a command rebuilds its tables without tokenizing ~80 KB of TOML,
// which was most of a crossover process's time. Values keep their types and order; source positions
// are not kept (the built-in files were parsed, and so checked, when they were packed).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace nimcost {

// Tables, arrays, strings, integers, floats, booleans and dates (what the catalog holds); a time or a
// date-time throws std::invalid_argument.
std::string pack_toml(const toml::table& table);

// The table pack_toml packed. The bytes are the build's own (never input); a malformed pack throws
// std::runtime_error rather than reading past its end.
toml::table unpack_toml(std::string_view bytes);

}  // namespace nimcost
