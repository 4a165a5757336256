// Points in time as users type them for a metrics range: RFC 3339 ("2026-11-01T00:00:00Z",
// "2026-11-01T09:30:00.5+02:00"), a date (midnight UTC), Unix seconds, "now", or a duration ago
// ("30d", "12h"). Pure: `now_s` is passed in.
#pragma once

#include <string>
#include <string_view>

namespace nimcost {

// Unix seconds; a usage error naming `flag` for anything else.
double parse_timestamp(std::string_view text, double now_s, std::string_view flag);

// RFC 3339 in UTC to the second: "2026-11-01T00:00:00Z".
std::string format_timestamp(double unix_s);

}  // namespace nimcost
