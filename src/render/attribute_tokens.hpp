// attribute --tokens-from-metrics in the reports (internal to the renderers): tokens and realized
// $/M per group, and one row per served model against its like-for-like APIs.
#pragma once

#include <nimcost/render/document.hpp>
#include <nimcost/report/attribute_report.hpp>

#include <nlohmann/json.hpp>

namespace nimcost {

// input_tokens, output_tokens, effective_per_mtok_usd of a group (nulls without measured tokens).
void add_group_tokens(nlohmann::ordered_json& group, const GroupCost& c);
nlohmann::ordered_json models_json(const AttributionReport& r);
nlohmann::ordered_json token_counters_json(const AttributionReport& r);
// The per-model table; none without measured tokens.
std::optional<TableBlock> models_table(const AttributionReport& r);

}  // namespace nimcost
