// A month of LLM traffic as the cost model sees it: total tokens and how they split into input,
// cached input and output, and whether the API side may use a provider's batch API.
#pragma once

#include <nimcost/base/units.hpp>

namespace nimcost {

struct Workload {
  Tokens tokens;                    // all tokens per month, input plus output
  double input_share = 1.0 / 3.0;   // fraction of tokens that are input (1:2 in:out = 1/3)
  double cached_input_share = 0.0;  // fraction of input tokens served from a prompt cache
  bool batch_api = false;           // price API calls at the provider's batch discount

  Tokens input_tokens() const { return tokens * input_share; }
  Tokens output_tokens() const { return tokens * (1.0 - input_share); }
  // The same mix at another volume: the break-even solver and sweeps vary only the volume.
  Workload at(Tokens volume) const {
    Workload w = *this;
    w.tokens = volume;
    return w;
  }
};

}  // namespace nimcost
