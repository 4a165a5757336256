// The one path a report takes through the CLI: output options checked before anything is read, the
// command's own checks, the catalog loaded (built in or --data, then --catalog files, then the
// command's own tables), the evaluation, any extra files written (--plot, --write-factors), then
// the report rendered in the asked format and written. Commands differ only in the steps they give.
#pragma once

#include "common.hpp"

#include <functional>
#include <string>
#include <vector>

namespace nimcost::cli {

template <typename Report>
struct ReportSteps {
  std::function<void()> check{};                                 // flags and outputs, before any file is read
  std::function<std::vector<CatalogSource>()> sources{};         // the command's own catalog tables
  std::function<Report(const LoadedCatalog&)> evaluate{};        // load inputs, run the core
  std::function<nlohmann::ordered_json(const Report&, const RenderContext&)> json{};
  std::function<Document(const Report&)> document{};
  std::function<void(const Report&)> write_extras{};              // files besides the report
  std::function<void(const Report&)> after{};                     // after the report (sweep's terminal chart)
  std::function<std::vector<std::string>(const Report&)> pictures{};  // SVG documents for --format html
};

// Reports may point into the catalog (prices), so every step runs while it is loaded.
template <typename Report>
void run_report(const OutputOptions& output, const CatalogOptions& inputs, const ReportSteps<Report>& steps) {
  check_output_options(output);
  if (steps.check) steps.check();
  const LoadedCatalog loaded = load_catalog_for(inputs, steps.sources ? steps.sources() : std::vector<CatalogSource>{});
  Report report = steps.evaluate(loaded);
  if (steps.write_extras) steps.write_extras(report);
  std::function<std::vector<std::string>()> pictures;
  if (steps.pictures) pictures = [&] { return steps.pictures(report); };
  emit(output, inputs, [&] { return steps.json(report, render_context(loaded)); }, [&] { return steps.document(report); },
       nullptr, pictures);
  if (steps.after) steps.after(report);
}

}  // namespace nimcost::cli
