// The one exception type for problems a user can fix: a bad flag or value (usage) or a bad input file
// or catalog entry (input). The CLI catches it once and maps the kind to the documented exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace nimcost {

enum class ErrorKind {
  usage,   // bad flag or value: exit code 2
  input,   // bad input file or data: exit code 3
  output,  // the report could not be written (a full disk, a closed stdout): exit code 74
};

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) {}

  ErrorKind kind() const { return m_kind; }

private:
  ErrorKind m_kind;
};

// Exit code documented for an error kind.
constexpr int exit_code_for(ErrorKind kind) {
  return kind == ErrorKind::usage ? 2 : kind == ErrorKind::input ? 3 : 74;
}

// Shorthands that read well at the throw site.
inline Error usage_error(const std::string& message) { return Error(ErrorKind::usage, message); }
inline Error input_error(const std::string& message) { return Error(ErrorKind::input, message); }
inline Error output_error(const std::string& message) { return Error(ErrorKind::output, message); }

}  // namespace nimcost
