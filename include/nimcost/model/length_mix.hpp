// A mix of request lengths (a histogram of input and output tokens, e.g. from a request log) as the
// sequence shape the throughput model takes: the means, and the moments that differ from the means'.
#pragma once

#include <nimcost/model/throughput.hpp>

#include <vector>

namespace nimcost {

struct LengthBin {
  double isl = 0.0;
  double osl = 0.0;
  double count = 1.0;  // requests of these lengths (a weight: any positive number)
};

// The mix's shape: isl and osl are the count-weighted means, `spread` its second moments. Bins of
// zero count are ignored; the caller checks that some count is positive.
SequenceShape shape_of(const std::vector<LengthBin>& bins);

}  // namespace nimcost
