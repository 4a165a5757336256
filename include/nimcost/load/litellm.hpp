// Importing LiteLLM's community price table (model_prices_and_context_window.json: USD per token,
// keyed by model) into nimcost catalog entries for the chat models, with provenance: the file's
// SHA-256 and date, so every report says which price snapshot it used.
#pragma once

#include <nimcost/catalog/catalog.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nimcost {

struct LiteLlmImport {
  std::vector<ApiModel> models;
  std::string file;
  std::string sha256;
  std::string as_of;
  int entries = 0;            // model entries read (not counting sample_spec and metadata)
  int skipped_not_chat = 0;   // mode is not "chat" (embeddings, images, audio, ...)
  int skipped_no_price = 0;   // no input or output price, or both zero
  int skipped_duplicate = 0;  // the same ID (case-insensitively) twice
  int skipped_alias = 0;      // the ID is an alias in the catalog it will merge into
  int skipped_invalid = 0;    // prices that are not non-negative numbers
};

// Hex SHA-256 of `bytes` (OpenSSL).
std::string sha256_hex(std::string_view bytes);

// Parses the JSON text. `as_of` is used when the file carries no top-level "last_updated" date.
// `catalog` is the one the import will be merged over: entries whose ID is an alias there are
// skipped (they could not load). An input error when the text is not a JSON object.
LiteLlmImport import_litellm(std::string_view text, const std::string& file, const std::string& as_of,
                             const Catalog& catalog);

// The import as a catalog file of [[api_model]] tables.
std::string litellm_catalog_toml(const LiteLlmImport& import);

}  // namespace nimcost
