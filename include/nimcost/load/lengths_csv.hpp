// Reading a request-length histogram (--lengths FILE): CSV with a header naming the input and output
// length columns (isl/osl, input_tokens/output_tokens or prompt_tokens/completion_tokens) and,
// optionally, a count column (count or requests) when each row is a bin rather than one request.
#pragma once

#include <nimcost/model/length_mix.hpp>

#include <string>
#include <vector>

namespace nimcost {

// Parses CSV text named `name` in messages; an input error names the file and line of a bad cell.
std::vector<LengthBin> parse_lengths_csv(const std::string& text, const std::string& name);

}  // namespace nimcost
