// Reading a whole input file as text, with the one error every command gives for it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace nimcost {

// The file's bytes; an input error "PATH: cannot read WHAT" (or "is a directory") otherwise.
std::string read_text_file(const std::filesystem::path& path, std::string_view what);

}  // namespace nimcost
