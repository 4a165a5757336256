// Reading a nimcost JSON report back (from `run` or `crossover`, of schema version 2 or of version 1,
// which named the volume `volume_tokens`) as the snapshot `diff` compares. A report of another
// schema version is refused: its keys may mean other things.
#pragma once

#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/report/common_report.hpp>

#include <string>

namespace nimcost {

// The schema this nimcost writes and reads.

// Parses a report's text; `name` is the file name for messages. Input errors name the file and
// the JSON path of what is wrong.
ReportSnapshot read_report_json(const std::string& text, const std::string& name);

// Whether `text` looks like JSON (a report) rather than TOML (a scenario): its first non-blank
// character is '{'.
bool looks_like_json(const std::string& text);

}  // namespace nimcost
