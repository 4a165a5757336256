// LiteLLM's price table -> [[api_model]] entries. Prices are USD per token there and USD per million
// tokens here; the batch discount is derived from the *_batches prices; tiered prices (above 200k
// tokens) are not modelled and are named in the entry's notes instead.
#include <nimcost/base/provenance.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/litellm.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/suggest.hpp>

#include "nesting.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cmath>
#include <set>

namespace nimcost {

namespace {

using json = nlohmann::json;

// A per-token price as $/M, or nullopt when absent; -1 when present but unusable.
std::optional<double> per_mtok(const json& entry, const char* key) {
  const auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) return -1.0;
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < 0.0 || v > 1.0) return -1.0;  // > $1M per M tokens: not a price
  return round_to(v * 1e6, 9);
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

bool is_date(const std::string& t) { return t.size() >= 10 && is_calendar_date(std::string_view(t).substr(0, 10)); }

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

namespace {

// One chat model's entry as a catalog API model: per-M prices, cache and batch prices, rate limits,
// and a note on long-context tiers, which are not modelled.
ApiModel litellm_model(const std::string& key, const std::string& id, const json& entry, double input, double output,
                       const std::string& source, const std::string& as_of) {
  ApiModel m;
  m.id = id;
  m.name = key;
  const auto provider = entry.find("litellm_provider");
  m.provider = provider != entry.end() && provider->is_string() ? lower_case(provider->get<std::string>()) : "unknown";
  m.input = PerMtok(input);
  m.output = PerMtok(output);
  if (const auto cached = per_mtok(entry, "cache_read_input_token_cost"); cached && *cached >= 0.0) {
    m.cached_input = PerMtok(*cached);
  }
  if (const auto batch = per_mtok(entry, "input_cost_per_token_batches"); batch && *batch >= 0.0 && input > 0.0) {
    m.batch_discount_fraction = std::clamp(round_to(1.0 - *batch / input, 6), 0.0, 1.0);
  }
  for (const char* key_name : {"rpm", "tpm"}) {
    const auto it = entry.find(key_name);
    if (it != entry.end() && it->is_number() && it->get<double>() > 0.0 && std::isfinite(it->get<double>())) {
      (std::string(key_name) == "rpm" ? m.rate_limit_rpm : m.rate_limit_tpm) = std::min(it->get<double>(), 1e12);
    }
  }
  const auto in_tier = per_mtok(entry, "input_cost_per_token_above_200k_tokens");
  const auto out_tier = per_mtok(entry, "output_cost_per_token_above_200k_tokens");
  if ((in_tier && *in_tier >= 0.0) || (out_tier && *out_tier >= 0.0)) {
    m.notes = fmt::format("above 200k tokens per request: ${}/M in, ${}/M out (not modelled)",
                          in_tier && *in_tier >= 0.0 ? fmt::format("{:g}", *in_tier) : "-",
                          out_tier && *out_tier >= 0.0 ? fmt::format("{:g}", *out_tier) : "-");
  }
  m.provenance.source = source;
  m.provenance.as_of = as_of;
  return m;
}

}  // namespace

LiteLlmImport import_litellm(std::string_view text, const std::string& file, const std::string& as_of,
                             const Catalog& catalog) {
  LiteLlmImport out;
  out.file = file;
  out.sha256 = sha256_hex(text);
  json doc;
  try {
    check_nesting(text, file, Syntax::json);
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    throw input_error(fmt::format("{}: not valid JSON: {}", file, e.what()));
  }
  if (!doc.is_object()) throw input_error(fmt::format("{}: expected a JSON object keyed by model name", file));
  out.as_of = as_of;
  if (const auto it = doc.find("last_updated"); it != doc.end() && it->is_string() && is_date(it->get<std::string>())) {
    out.as_of = it->get<std::string>().substr(0, 10);
  }
  std::set<std::string> aliases;
  for (const auto& m : catalog.api_models) {
    for (const auto& a : m.aliases) aliases.insert(lower_case(a));
  }
  std::set<std::string> seen;
  const std::string source = fmt::format("LiteLLM model_prices_and_context_window.json ({}, sha256:{})", file, out.sha256);
  for (const auto& [key, entry] : doc.items()) {
    if (key == "sample_spec" || !entry.is_object()) continue;  // the format's description, metadata
    ++out.entries;
    const auto mode = entry.find("mode");
    if (mode == entry.end() || *mode != "chat") {
      ++out.skipped_not_chat;
      continue;
    }
    const auto input = per_mtok(entry, "input_cost_per_token");
    const auto output = per_mtok(entry, "output_cost_per_token");
    if (!input || !output) {
      ++out.skipped_no_price;
      continue;
    }
    if (*input < 0.0 || *output < 0.0) {
      ++out.skipped_invalid;
      continue;
    }
    if (*input == 0.0 && *output == 0.0) {
      ++out.skipped_no_price;
      continue;
    }
    const std::string id = lower_case(key);
    if (id.empty() || id.size() > 200) {
      ++out.skipped_invalid;
      continue;
    }
    if (aliases.count(id) != 0) {
      ++out.skipped_alias;
      continue;
    }
    if (!seen.insert(id).second) {
      ++out.skipped_duplicate;
      continue;
    }
    out.models.push_back(litellm_model(key, id, entry, *input, *output, source, out.as_of));
  }
  return out;
}

std::string litellm_catalog_toml(const LiteLlmImport& im) {
  std::string out = fmt::format(
      "# API prices imported from LiteLLM's model_prices_and_context_window.json by `nimcost prices import-litellm`.\n"
      "# File {} (sha256:{}), prices as of {}.\n"
      "# {} chat models imported of {} entries; skipped: {} not chat, {} without a price, {} duplicate IDs,\n"
      "# {} IDs that are aliases in the catalog, {} with unusable prices. Merge with: nimcost ... --catalog FILE\n",
      im.file, im.sha256, im.as_of, im.models.size(), im.entries, im.skipped_not_chat, im.skipped_no_price,
      im.skipped_duplicate, im.skipped_alias, im.skipped_invalid);
  for (const auto& m : im.models) {
    out += fmt::format("\n[[api_model]]\nid = {}\nprovider = {}\nname = {}\n", toml_string(m.id), toml_string(m.provider),
                       toml_string(m.name));
    out += fmt::format("input_per_mtok_usd = {}\noutput_per_mtok_usd = {}\n", m.input.value, m.output.value);
    if (m.cached_input) out += fmt::format("cached_input_per_mtok_usd = {}\n", m.cached_input->value);
    if (m.batch_discount_fraction > 0.0) out += fmt::format("batch_discount_fraction = {}\n", m.batch_discount_fraction);
    if (m.rate_limit_rpm) out += fmt::format("rate_limit_rpm = {}\n", *m.rate_limit_rpm);
    if (m.rate_limit_tpm) out += fmt::format("rate_limit_tpm = {}\n", *m.rate_limit_tpm);
    if (!m.notes.empty()) out += fmt::format("notes = {}\n", toml_string(m.notes));
    out += fmt::format("source = {}\nas_of = {}\n", toml_string(m.provenance.source), m.provenance.as_of);
  }
  return out;
}

}  // namespace nimcost
