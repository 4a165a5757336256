// Price age. Dates are whole days (UTC); a figure dated today is 0 days old.
#include "price_age.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/provenance.hpp>
#include <nimcost/load/oldest_figure.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <set>

namespace nimcost::cli {

namespace {

constexpr long k_default_max_age_days = 180;

std::chrono::sys_days day_of(const std::string& date) {
  const int y = std::stoi(date.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  return std::chrono::sys_days(std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)));
}

std::string date_of(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

// --today, else SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention), else now.
std::string today_of(const PriceAgeFlags& flags) {
  if (!flags.today.empty()) {
    if (!is_calendar_date(flags.today)) throw usage_error(fmt::format("--today must be a date YYYY-MM-DD, got '{}'", flags.today));
    return flags.today;
  }
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (end != nullptr && *end == '\0' && seconds >= 0 && seconds < 253402300800LL) {
      return date_of(std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds(std::chrono::seconds(seconds))));
    }
    throw usage_error(fmt::format("SOURCE_DATE_EPOCH must be seconds since 1970, got '{}'", epoch));
  }
  return date_of(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

long days_between(const std::string& from, const std::string& to) {
  return static_cast<long>((day_of(to) - day_of(from)).count());
}

}  // namespace

void add_price_age_flags(CLI::App& app, PriceAgeFlags& flags) {
  app.add_option("--today", flags.today, "The date prices are aged from (default: SOURCE_DATE_EPOCH, else today)")
      ->type_name("DATE");
  app.add_option("--max-price-age", flags.max_age, "Warn about prices older than AGE: days, or 26w, 6m, 1y (default 180)")
      ->type_name("AGE");
}

long parse_age_days(const char* flag, const std::string& text) {
  static const std::string units = "dwmy";
  std::string number = text;
  long per = 1;
  if (!number.empty() && units.find(number.back()) != std::string::npos) {
    per = number.back() == 'w' ? 7 : number.back() == 'm' ? 30 : number.back() == 'y' ? 365 : 1;
    number.pop_back();
  }
  const bool digits = !number.empty() && number.size() <= 6 && number.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) throw usage_error(fmt::format("{} must be an age such as 180, 180d, 26w, 6m or 1y, got '{}'", flag, text));
  return std::stol(number) * per;
}

PriceAge price_age_of(const nlohmann::ordered_json& report, const PriceAgeFlags& flags) {
  PriceAge age;
  age.today = today_of(flags);
  age.max_age_days = flags.max_age.empty() ? k_default_max_age_days : parse_age_days("--max-price-age", flags.max_age);
  std::set<std::pair<std::string, std::string>> seen;  // a figure the report names twice counts once
  visit_dated_figures(report, [&](const std::string& id, const std::string& date) {
    if (!is_calendar_date(date) || !seen.emplace(id, date).second) return;
    const long days = days_between(date, age.today);
    if (!age.oldest || date < age.oldest->as_of) age.oldest = DatedFigure{id, date}, age.oldest_days = days;
    if (days > age.max_age_days) ++age.older;
  });
  return age;
}

nlohmann::ordered_json price_age_json(const PriceAge& age) {
  return {{"today", age.today},
          {"max_age_days", age.max_age_days},
          {"oldest", age.oldest ? nlohmann::ordered_json(age.oldest->id) : nullptr},
          {"oldest_as_of", age.oldest ? nlohmann::ordered_json(age.oldest->as_of) : nullptr},
          {"oldest_age_days", age.oldest ? nlohmann::ordered_json(age.oldest_days) : nullptr},
          {"older_than_max", age.older}};
}

std::optional<std::string> price_age_warning(const PriceAge& age) {
  if (age.older == 0 || !age.oldest) return std::nullopt;
  return fmt::format("{} figure{} older than {} days on {}, the oldest {} (as of {}, {} days): check the prices or "
                     "give newer ones in a --catalog file",
                     age.older, age.older == 1 ? " is" : "s are", age.max_age_days, age.today, age.oldest->id,
                     age.oldest->as_of, age.oldest_days);
}

std::optional<std::string> stamp_price_age(nlohmann::ordered_json& report, const PriceAgeFlags& flags) {
  const PriceAge age = price_age_of(report, flags);
  const auto stale = price_age_warning(age);
  if (report.contains("assumptions")) report["assumptions"]["price_age"] = price_age_json(age);
  if (stale && report.contains("warnings")) report["warnings"].push_back(*stale);
  return stale;
}

std::optional<GateResult> price_age_gate(const std::string& threshold, const std::optional<DatedFigure>& oldest,
                                         const PriceAgeFlags& flags) {
  if (threshold.empty()) return std::nullopt;
  const long limit = parse_age_days("--fail-if-prices-older-than", threshold);
  GateResult g;
  g.gate = "fail-if-prices-older-than";
  g.threshold = static_cast<double>(limit);
  if (!oldest) {
    g.detail = "no dated figures";
    return g;
  }
  const std::string today = today_of(flags);
  const long days = days_between(oldest->as_of, today);
  g.value = static_cast<double>(days);
  g.tripped = days > limit;
  g.detail = fmt::format("the oldest figure, {} (as of {}), is {} days old on {}; the limit is {} days", oldest->id,
                         oldest->as_of, days, today, limit);
  return g;
}

}  // namespace nimcost::cli
