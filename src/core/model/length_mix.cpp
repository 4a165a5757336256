// A length histogram's moments; see length_mix.hpp.
#include <nimcost/model/length_mix.hpp>

namespace nimcost {

SequenceShape shape_of(const std::vector<LengthBin>& bins) {
  double n = 0.0;
  double isl = 0.0;
  double osl = 0.0;
  LengthMoments m;
  for (const auto& b : bins) {
    if (!(b.count > 0.0)) continue;
    n += b.count;
    isl += b.count * b.isl;
    osl += b.count * b.osl;
    m.isl_sq += b.count * b.isl * b.isl;
    m.isl_osl += b.count * b.isl * b.osl;
    m.osl_sq += b.count * b.osl * b.osl;
  }
  SequenceShape s;
  if (!(n > 0.0)) return s;
  s.isl = isl / n;
  s.osl = osl / n;
  s.spread = LengthMoments{m.isl_sq / n, m.isl_osl / n, m.osl_sq / n};
  return s;
}

}  // namespace nimcost
