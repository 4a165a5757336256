// Tokens served, from the counters NIM and vLLM expose (prompt_tokens_total and
// generation_tokens_total, vllm: prefixed for vLLM), per group (as attribute groups GPU usage) and
// per served model (the model_name label). Each series counts its increase as Prometheus' increase()
// does: a value below the previous one is a restart from 0, so the new value is all new tokens. Unlike
// increase(), nothing is extrapolated past the first and last samples.
#pragma once

#include <nimcost/model/dcgm_sample.hpp>
#include <nimcost/model/gpu_usage.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct TokenTally {
  double input = 0.0;   // prompt tokens
  double output = 0.0;  // generated tokens
  double total() const { return input + output; }
};

struct TokenTotals {
  std::map<std::string, TokenTally> by_group;
  std::map<std::string, TokenTally> by_model;
  std::map<std::string, std::map<std::string, TokenTally>> by_group_and_model;  // group -> model -> tokens
  TokenTally total;
  long long series = 0;
  long long samples = 0;
  long long resets = 0;
  std::vector<std::string> warnings;
};

class TokenCounter {
public:
  explicit TokenCounter(GroupBy by) : m_by(by) {}
  // One counter sample (other metrics are ignored); a series' samples in time order.
  void add(const DcgmSample& sample);
  TokenTotals finish() const;

private:
  struct Series {
    std::string group, model;
    bool input = true;
    std::optional<double> last_time_s;
    std::optional<double> last_value;
    double increase = 0.0;
    long long samples = 0;
  };
  GroupBy m_by;
  std::vector<std::optional<Series>> m_series;  // by the parser's series number
  long long m_resets = 0, m_out_of_order = 0, m_samples = 0;
};

}  // namespace nimcost
