// `nimcost compare`: the $/M table across API models and every hosting option at one volume.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/report/compare_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// `nimcost compare`: the $/M table across API models and every rental offer at one volume.
CompareReport evaluate_compare(const Catalog& catalog, const CrossoverRequest& request);

// `nimcost compare A.toml B.toml`: evaluated scenarios side by side; `files[i]` gave scenario i.
ScenarioCompareReport compare_scenarios(const ReportSnapshot& evaluated, const std::vector<std::string>& files);

}  // namespace nimcost
