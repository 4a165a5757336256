// The CI gates as JSON and as a table (internal to the renderers): run and diff both report them.
#pragma once

#include "json_parts.hpp"

#include <nimcost/render/document.hpp>
#include <nimcost/report/diff_report.hpp>

#include <vector>

namespace nimcost {

json_parts::json gates_json(const std::vector<GateResult>& gates);
TableBlock gates_table(const std::vector<GateResult>& gates);

}  // namespace nimcost
