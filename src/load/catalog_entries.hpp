// Reading one catalog table of each kind (internal to the catalog loader): the keys each kind may
// have, and a reader per kind that fills an entry from a table with range-checked values.
#pragma once

#include "toml_fields.hpp"

#include <nimcost/catalog/catalog.hpp>

#include <set>
#include <string>
#include <vector>

namespace nimcost::catalog_entries {

extern const std::vector<std::string> k_top_keys;  // the tables a catalog file may hold

// Each fills `entry` from the table's fields and adds the keys it was given to `given` (merging
// entries by ID across files keeps the first value of every key not given again).
void read_api(toml_fields::Fields& f, ApiModel& entry, std::set<std::string>& given);
void read_gpu(toml_fields::Fields& f, GpuSku& entry, std::set<std::string>& given);
void read_rental(toml_fields::Fields& f, RentalOffer& entry, std::set<std::string>& given);
void read_purchase(toml_fields::Fields& f, PurchaseOffer& entry, std::set<std::string>& given);
void read_license(toml_fields::Fields& f, LicensePlan& entry, std::set<std::string>& given);
void read_served(toml_fields::Fields& f, ServedModel& entry, std::set<std::string>& given);
void read_factors(toml_fields::Fields& f, EngineFactors& entry, std::set<std::string>& given);
void read_mig(toml_fields::Fields& f, MigProfile& entry, std::set<std::string>& given);
void read_traffic(toml_fields::Fields& f, TrafficProfile& entry, std::set<std::string>& given);
void read_quality(toml_fields::Fields& f, QualityScore& entry, std::set<std::string>& given);
void read_defaults(toml_fields::Fields& f, Defaults& defaults);

// Each engine, precision and architecture has one set, and a set for both architectures is refused
// where each has its own (neither would ever be looked up): an input error naming the user's entry.
void check_factor_sets(const std::vector<EngineFactors>& sets);

}  // namespace nimcost::catalog_entries
