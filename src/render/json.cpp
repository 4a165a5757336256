// A JSON report as the CLI prints it. No timestamps: the same inputs give byte-identical output.
#include <nimcost/render/render.hpp>

namespace nimcost {

std::string render_json(const nlohmann::ordered_json& report) { return report.dump(2) + "\n"; }

}  // namespace nimcost
