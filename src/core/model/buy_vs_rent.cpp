// Buy against rent, exactly: both fleets' monthly costs are piecewise linear in volume (steps where a
// replica or a server is added, a slope from bought servers' power), so the difference is linear
// between the union of their steps. Walking the segments up to a volume past which buying always
// wins finds the last one where renting is still cheaper; the break-even lies in it.
#include <nimcost/model/buy_vs_rent.hpp>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr double k_max_segments = 1e5;  // fleets past this many steps are not modelled (k_max_gpus)

double cost(const SelfHostPlan& plan, double volume) { return selfhost_cost(plan, Tokens(volume)).total.value; }

// The volume where each fleet grows by a unit.
double step_of(const SelfHostPlan& plan) { return target_capacity_per_gpu(plan).value * fleet_unit(plan); }

// Beyond this volume buying always wins: the rounding up to a whole server is paid for by the lower
// cost per GPU. Absent when a bought GPU costs at least a rented one.
std::optional<double> horizon(const SelfHostPlan& bought, const SelfHostPlan& rented) {
  const double k = target_capacity_per_gpu(bought).value;
  const double gap = per_gpu_monthly_cost(rented).value / k - per_gpu_monthly_cost(bought).value / k -
                     marginal_usd_per_token(bought);
  if (!(gap > 0.0) || !(k > 0.0)) return std::nullopt;
  const double rounding = fleet_unit(bought) * per_gpu_monthly_cost(bought).value + bought.ops_monthly.value;
  return rounding / gap * 1.01 + step_of(bought) + step_of(rented);
}

std::optional<double> break_even_volume(const SelfHostPlan& bought, const SelfHostPlan& rented, bool& searched_out) {
  const auto end = horizon(bought, rented);
  const double sb = step_of(bought), sr = step_of(rented);
  if (!end || !(sb > 0.0) || !(sr > 0.0)) return std::nullopt;
  if (*end / std::min(sb, sr) > k_max_segments) {
    searched_out = true;
    return std::nullopt;
  }
  // Segment ends: every multiple of either step up to the horizon.
  std::optional<double> last_loss;  // the right end of the last segment where renting is cheaper somewhere
  std::optional<double> crossing;
  double a = 0.0;
  double nb = 1.0, nr = 1.0;
  while (a < *end) {
    const double b = std::min(nb * sb, nr * sr);
    const double left = cost(bought, std::max(a * (1.0 + 1e-12), 1e-9)) - cost(rented, std::max(a * (1.0 + 1e-12), 1e-9));
    const double right = cost(bought, b) - cost(rented, b);
    if (left > 1e-9 || right > 1e-9) {
      last_loss = b;
      crossing = right > 1e-9 ? b : a + (b - a) * left / (left - right);
    }
    a = b;
    if (nb * sb <= b * (1.0 + 1e-12)) nb += 1.0;
    if (nr * sr <= b * (1.0 + 1e-12)) nr += 1.0;
  }
  return last_loss ? crossing : std::optional<double>(0.0);
}

}  // namespace

BuyVsRent buy_vs_rent(const SelfHostPlan& bought, const SelfHostPlan& rented, Tokens volume) {
  BuyVsRent r;
  r.purchase = bought.purchase ? bought.purchase->id : "";
  if (bought.purchase) r.purchase_offer = *bought.purchase;
  r.rental_offer = rented.rental;
  r.depreciation_years = bought.purchase ? bought.purchase->depreciation_years : 0.0;
  r.rental = rented.rental ? rented.rental->id : "";
  const SelfHostCost buy = selfhost_cost(bought, volume);
  const SelfHostCost rent = selfhost_cost(rented, volume);
  r.purchase_monthly = buy.total;
  r.rental_monthly = rent.total;
  if (!bought.pinned_gpus && !rented.pinned_gpus) {
    if (auto v = break_even_volume(bought, rented, r.searched_out)) {
      r.break_even = Tokens(*v);
      const double gpus = fleet_gpus(bought, Tokens(*v));
      r.break_even_utilization = *v / (full_capacity_per_gpu(bought).value * gpus);
    }
  }
  if (buy.owned && bought.purchase) {
    const double cash = buy.total.value - buy.owned->depreciation.value - buy.owned->capital.value;
    const double saved = rent.total.value - cash;
    if (saved > 0.0) r.payback_months = buy.servers * bought.purchase->server_usd / saved;
  }
  return r;
}

}  // namespace nimcost
